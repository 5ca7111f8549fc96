import type { StatusChange } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { valuesInForceChanged } from './rollup/apply.js'
import type { PeriodPair } from './rollup/derive.js'
import { anyUuid } from '../kernel/any-of.js'

/**
 * Marks (submissions) one drain takes at most, and keys it stops taking more at: a monthly report sent in many
 * small batches (a department's 48 series each, 3,000 of them at national scale) is recomputed in takes of
 * thousands of pairs rather than a few hundred, while a take stays one bounded transaction: a mark of its
 * own (at most 5,000 keys, a submission's cap) or marks adding up to `STATUS_DRAIN_KEYS`.
 */
export const STATUS_DRAIN_MARKS = 200
export const STATUS_DRAIN_KEYS = 5000

/**
 * Marks the keys whose values in force changed, in the caller's transaction: the coalesced recompute
 * (`drainStatusMarks`) derives their roll-ups and statuses later. Written with the values, so a crash
 * after commit can never lose the recompute; one append-only row of parallel arrays, so a batch costs one
 * small insert and two submissions of the same month never wait on each other here.
 */
export async function markStatuses(
  trx: Kysely<Database>,
  pairs: PeriodPair[],
  submissionId: string | null,
): Promise<number> {
  const keys = [...new Map(pairs.map((p) => [`${p.indicatorId}|${p.jurisdictionCode}|${p.periodKey}`, p])).values()]
  if (keys.length === 0) return 0
  await trx
    .insertInto('status_marks')
    .values({
      indicator_ids: keys.map((k) => k.indicatorId),
      jurisdiction_codes: keys.map((k) => k.jurisdictionCode),
      period_keys: keys.map((k) => k.periodKey),
      submission_id: submissionId,
    })
    .execute()
  return keys.length
}

export interface DrainResult {
  /** Marks taken (0: nothing was waiting). */
  marks: number
  /** Distinct (indicator, jurisdiction, period) the marks named. */
  periods: number
  /** Status changes of the marked pairs and of the parents whose roll-up changed: publish after commit. */
  changes: StatusChange[]
}

/**
 * One coalesced recompute: takes up to `limit` marks (oldest first; rows another drain holds are
 * skipped), derives the roll-ups and recomputes the statuses of the pairs they name once however many
 * submissions marked them, and deletes the marks, all in one transaction: a drain that dies leaves its
 * marks for the next. Concurrent drains (several worker processes) serialise per pair on the lock
 * `recomputeStatuses` takes, so a status is never stored from a snapshot older than another drain's.
 */
export async function drainStatusMarks(
  db: Kysely<Database>,
  ctx: { asOf: string; now: Date },
  limit = STATUS_DRAIN_MARKS,
  maxKeys = STATUS_DRAIN_KEYS,
): Promise<DrainResult> {
  return db.transaction().execute((trx) => drainWithin(trx, ctx, limit, maxKeys))
}

/** The body of a drain, in the caller's transaction: its marks are gone only if that transaction commits. */
export async function drainWithin(
  trx: Kysely<Database>,
  ctx: { asOf: string; now: Date },
  limit = STATUS_DRAIN_MARKS,
  maxKeys = STATUS_DRAIN_KEYS,
): Promise<DrainResult> {
  // Oldest first, while the keys taken before a mark stay under the bound (so the first is always taken). The
  // candidates past the bound stay locked until commit: a concurrent drain takes later ones meanwhile, and this
  // drain's loop comes back for them.
  const taken = await sql<{ indicator_ids: number[]; jurisdiction_codes: string[]; period_keys: string[] }>`
    delete from status_marks where id in (
      select id from (
        select id, sum(cardinality(indicator_ids)) over (order by id) - cardinality(indicator_ids) as before
        from (select id, indicator_ids from status_marks order by id limit ${limit} for update skip locked) c
      ) r where before < ${maxKeys})
    returning indicator_ids, jurisdiction_codes, period_keys`.execute(trx)
  if (taken.rows.length === 0) return { marks: 0, periods: 0, changes: [] }
  const pairs = new Map<string, PeriodPair>()
  for (const r of taken.rows)
    r.indicator_ids.forEach((indicatorId, n) => {
      const jurisdictionCode = r.jurisdiction_codes[n]!
      const periodKey = r.period_keys[n]!
      pairs.set(`${indicatorId}|${jurisdictionCode}|${periodKey}`, { indicatorId, jurisdictionCode, periodKey })
    })
  const changes = await valuesInForceChanged(trx, [...pairs.values()], ctx)
  return { marks: taken.rows.length, periods: pairs.size, changes }
}

/** The submissions among `ids` whose statuses still wait for the coalesced recompute. */
export async function submissionsAwaitingStatus(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('status_marks')
    .select('submission_id')
    .distinct()
    .where('submission_id', '=', anyUuid(ids))
    .execute()
  return new Set(rows.flatMap((r) => (r.submission_id ? [r.submission_id] : [])))
}
