import type { SubmissionAccepted, SubmitItem } from '@cockpit/contracts'
import type { BenchItem } from './workload.js'

/** What goes over the wire: the contract's item, without the bench's bookkeeping fields. */
const toSubmitItem = (i: BenchItem): SubmitItem => ({
  indicator: i.indicator,
  jurisdiction: i.jurisdiction,
  period: i.period,
  value: i.value,
})

/** POSTs one batch as a department system would, over real HTTP; anything but 202 is an error. */
export async function postBatch(
  baseUrl: string,
  token: string,
  items: BenchItem[],
  idempotencyKey: string,
): Promise<SubmissionAccepted> {
  const res = await fetch(`${baseUrl}/api/v1/submissions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify({ items: items.map(toSubmitItem) }),
  })
  const text = await res.text()
  if (res.status !== 202) throw new Error(`POST /api/v1/submissions answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as SubmissionAccepted
}
