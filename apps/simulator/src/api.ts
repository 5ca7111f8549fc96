import { Indicator, type JurisdictionNode, JurisdictionTree, Plan, SubmissionAccepted } from '@cockpit/contracts'
import type { Batch } from './batches.js'
import type { Catalog, Horizon, SimIndicator } from './catalog.js'
import { type Auth, type Call, createCall } from './http.js'

export type SubmitOutcome =
  | { kind: 'accepted'; id: string; replayed: boolean }
  /** Network failure, timeout, 5xx, 408 or 429: the same values are sent again on a later tick. */
  | { kind: 'retry'; status: number | null; message: string }
  /** Any other answer: sending the same request again would get the same answer. */
  | { kind: 'refused'; status: number; message: string }

/** A batch as the API answered it (202 with the submission), classified like any call. */
export async function submitted(
  call: Call,
  path: string,
  auth: Auth,
  idempotencyKey: string,
  body: unknown,
): Promise<SubmitOutcome> {
  const outcome = await call('POST', path, auth, body, { 'idempotency-key': idempotencyKey })
  if (outcome.kind !== 'ok') return outcome
  const accepted = SubmissionAccepted.safeParse(outcome.body)
  // A 2xx means the API stored the batch durably; an unexpected body does not undo that.
  return accepted.success
    ? { kind: 'accepted', id: accepted.data.id, replayed: accepted.data.replayed }
    : { kind: 'accepted', id: 'unknown', replayed: false }
}

export interface SimulatorApi {
  /** Indicators and plan horizons from the read API, read with a department's token; throws when either cannot be read. */
  loadCatalog(token: string): Promise<{ catalog: Catalog; unreadable: number }>
  submit(token: string, batch: Batch): Promise<SubmitOutcome>
}

const itemsOf = (body: unknown): unknown[] =>
  typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : []

export function createApi(baseUrl: string, fetchFn: typeof fetch): SimulatorApi {
  const call = createCall(baseUrl, fetchFn)

  async function getJson(path: string, token: string): Promise<unknown> {
    const outcome = await call('GET', path, { token })
    if (outcome.kind !== 'ok')
      throw new Error(`GET ${path} answered ${outcome.status ?? 'nothing'}: ${outcome.message}`)
    return outcome.body
  }

  return {
    async loadCatalog(token) {
      // Plan data is readable by any department: one token serves the whole catalogue.
      const [indicatorBody, planBody, treeBody] = await Promise.all([
        getJson('/api/v1/indicators', token),
        getJson('/api/v1/plans', token),
        getJson('/api/v1/jurisdictions', token).catch(() => null),
      ])
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
        if (parsed.success)
          horizons.set(parsed.data.key, { startYear: parsed.data.startYear, endYear: parsed.data.endYear })
        else unreadable++
      }
      // Direct children per code, so a rolled-up indicator's value can be reported by its children.
      const children = new Map<string, string[]>()
      const tree = JurisdictionTree.safeParse(treeBody)
      const walk = (nodes: JurisdictionNode[]) => {
        for (const n of nodes) {
          if (n.children.length)
            children.set(
              n.code,
              n.children.map((c) => c.code),
            )
          walk(n.children)
        }
      }
      // Without the tree (an older API), rolled-up indicators are reported at their own jurisdiction as before.
      if (tree.success) walk(tree.data.items)
      return { catalog: { indicators, horizons, children }, unreadable }
    },

    submit: (token, batch) =>
      submitted(call, '/api/v1/submissions', { token }, batch.idempotencyKey, { items: batch.items }),
  }
}
