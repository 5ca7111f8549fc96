import { Indicator, Plan, SubmissionAccepted } from '@cockpit/contracts'
import type { Batch } from './batches.js'
import type { Catalog, Horizon, SimIndicator } from './catalog.js'

export type SubmitOutcome =
  | { kind: 'accepted'; id: string; replayed: boolean }
  /** Network failure, timeout, 5xx, 408 or 429: the same values are sent again on a later tick. */
  | { kind: 'retry'; status: number | null; message: string }
  /** Any other answer: sending the same request again would get the same answer. */
  | { kind: 'refused'; status: number; message: string }

export interface SimulatorApi {
  /** Indicators and plan horizons from the read API, read with a department's token; throws when either cannot be read. */
  loadCatalog(token: string): Promise<{ catalog: Catalog; unreadable: number }>
  submit(token: string, batch: Batch): Promise<SubmitOutcome>
}

// A hung connection must not stall every later tick; a backfill of a few thousand values takes far less.
const REQUEST_TIMEOUT_MS = 30_000

const itemsOf = (body: unknown): unknown[] =>
  typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : []

const messageOf = (body: unknown, fallback: string): string =>
  typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : fallback

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  try {
    return text ? (JSON.parse(text) as unknown) : null
  } catch {
    return text.slice(0, 200)
  }
}

const describeError = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err))

export function createApi(baseUrl: string, fetchFn: typeof fetch): SimulatorApi {
  const url = (path: string) => `${baseUrl.replace(/\/+$/, '')}${path}`

  async function getJson(path: string, token: string): Promise<unknown> {
    const res = await fetchFn(url(path), { headers: { accept: 'application/json', authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
    const body = await readJson(res)
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${messageOf(body, 'no message')}`)
    return body
  }

  return {
    async loadCatalog(token) {
      // Plan data is readable by any department: one token serves the whole catalogue.
      const [indicatorBody, planBody] = await Promise.all([getJson('/api/v1/indicators', token), getJson('/api/v1/plans', token)])
      // Item by item, so one indicator of a shape this version does not know costs only that indicator.
      const indicators: SimIndicator[] = []
      let unreadable = 0
      for (const raw of itemsOf(indicatorBody)) {
        const parsed = Indicator.safeParse(raw)
        if (parsed.success) indicators.push(parsed.data)
        else unreadable++
      }
      const horizons = new Map<string, Horizon>()
      for (const raw of itemsOf(planBody)) {
        const parsed = Plan.safeParse(raw)
        if (parsed.success) horizons.set(parsed.data.key, { startYear: parsed.data.startYear, endYear: parsed.data.endYear })
        else unreadable++
      }
      return { catalog: { indicators, horizons }, unreadable }
    },

    async submit(token, batch) {
      let res: Response
      try {
        res = await fetchFn(url('/api/v1/submissions'), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': batch.idempotencyKey },
          body: JSON.stringify({ items: batch.items }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        })
      } catch (err) {
        return { kind: 'retry', status: null, message: describeError(err) }
      }
      let body: unknown
      try {
        body = await readJson(res)
      } catch (err) {
        // The connection broke while the answer was read: the request may or may not have landed, and
        // the same batch (same Idempotency-Key) sent again settles it either way.
        return { kind: 'retry', status: res.status, message: describeError(err) }
      }
      if (res.status >= 500 || res.status === 408 || res.status === 429) return { kind: 'retry', status: res.status, message: messageOf(body, res.statusText) }
      if (!res.ok) return { kind: 'refused', status: res.status, message: messageOf(body, res.statusText) }
      const accepted = SubmissionAccepted.safeParse(body)
      // A 2xx means the API stored the batch durably; an unexpected body does not undo that.
      return accepted.success ? { kind: 'accepted', id: accepted.data.id, replayed: accepted.data.replayed } : { kind: 'accepted', id: 'unknown', replayed: false }
    },
  }
}
