import type { Indicator, ObservationPeriod, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

describe.each(testDatabases())('which revision counts on $name', (target) => {
  // The product clock as the demo launcher's was before persistence: it can be set back (a relaunch).
  let now = new Date('2024-06-30T04:00:00Z')
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => now })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('counts the value received last even when the product clock went back in between', async () => {
    const api = client(ctx.app, { token: dept.token })
    const monthly = (await ownedIndicators(ctx.handle.db, dept.departmentId)).find(
      (i) => i.cadence === 'monthly' && i.start_year <= 2023,
    )!
    const send = async (value: number) => {
      const res = await api.post<SubmissionAccepted>('/api/v1/submissions', {
        items: [{ indicator: monthly.id, period: '2024-03', value }],
      })
      expect(res.status).toBe(202)
      return waitProcessed<Submission>(api, res.body.id)
    }
    const first = monthly.measure === 'percent' ? 41 : 4
    const second = monthly.measure === 'percent' ? 57 : 9
    expect(await send(first)).toMatchObject({ state: 'processed', acceptedCount: 1 })
    now = new Date('2024-04-15T04:00:00Z')
    const later = await send(second)
    expect(later).toMatchObject({ state: 'processed', acceptedCount: 1 })
    // Received second, dated earlier by the product clock: still the newest revision.
    expect(new Date(later.receivedAt).getTime()).toBeLessThan(new Date('2024-06-30T04:00:00Z').getTime())

    const { body: history } = await api.get<{ periods: ObservationPeriod[] }>(
      `/api/v1/indicators/${monthly.id}/observations`,
    )
    const march = history.periods.find((p) => p.periodKey === '2024-03')!
    expect(march.value).toBe(second)
    expect(march.revisions.map((r) => r.value)).toEqual([second, first])
    const { body: indicator } = await api.get<Indicator>(`/api/v1/indicators/${monthly.id}`)
    expect(indicator.status.latestValue).toBe(second)
    // Sending the first value again is a change back (a new revision), not "unchanged" against an older one.
    expect(await send(first)).toMatchObject({ acceptedCount: 1, unchangedCount: 0 })
  })
})
