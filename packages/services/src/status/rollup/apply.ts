import type { StatusChange } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { recomputeStatuses } from '../recompute.js'
import { deriveRollups, type PeriodPair } from './derive.js'

/**
 * The one step after values come into force (ingest, review approval, admin writes of values or roll-up
 * rules), inside their transaction: derive the parents' roll-ups, then recompute the statuses of the
 * changed pairs and of every parent whose roll-up changed. The returned changes include the parents, so
 * the events and alert evaluation after commit reach them (a city's value shows in its province at once).
 */
export async function valuesInForceChanged(
  trx: Kysely<Database>,
  pairs: PeriodPair[],
  ctx: { asOf: string; now: Date },
): Promise<StatusChange[]> {
  const parents = await deriveRollups(trx, pairs, ctx.now)
  return recomputeStatuses(
    trx,
    [...pairs, ...parents].map((p) => ({ indicatorId: p.indicatorId, jurisdictionCode: p.jurisdictionCode })),
    ctx.asOf,
    ctx.now,
  )
}
