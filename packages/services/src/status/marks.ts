import type { StatusChange } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { valuesInForceChanged } from '../rollup/apply.js'
import type { PeriodPair } from '../rollup/derive.js'

/** Marks one drain takes at most: enough to coalesce a whole monthly report, small enough for one transaction. */
export const STATUS_DRAIN_MARKS = 5000

/**
 * Marks the pairs whose values in force changed, in the caller's transaction: the coalesced recompute
 * (`drainStatusMarks`) derives their roll-ups and statuses later. Written with the values, so a crash
 * after commit can never lose the recompute; append-only, so two submissions of the same month never
 * wait on each other here (one row per pair and submission, with the periods it changed).
 */
export async function markStatuses(trx: Kysely<Database>, pairs: PeriodPair[], submissionId: string | null): Promise<number> {
  const byPair = new Map<string, { indicatorId: number; jurisdictionCode: string; periods: Set<string> }>()
  for (const p of pairs) {
    const key = `${p.indicatorId}|${p.jurisdictionCode}`
    const entry = byPair.get(key) ?? { indicatorId: p.indicatorId, jurisdictionCode: p.jurisdictionCode, periods: new Set<string>() }
    entry.periods.add(p.periodKey)
    byPair.set(key, entry)
  }
  if (byPair.size === 0) return 0
  const rows = [...byPair.values()]
  // Column arrays through unnest: four parameters for the whole batch. Period keys (2024-06, 2024-Q2,
  // 2024) never hold a comma, so each pair's list travels as one joined text.
  await sql`
    insert into status_marks (indicator_id, jurisdiction_code, period_keys, submission_id)
    select v.i, v.j, string_to_array(v.p, ','), ${submissionId}::uuid
    from unnest(${rows.map((r) => r.indicatorId)}::int[], ${rows.map((r) => r.jurisdictionCode)}::text[], ${rows.map((r) => [...r.periods].join(','))}::text[]) as v(i, j, p)`.execute(trx)
  return rows.length
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
export async function drainStatusMarks(db: Kysely<Database>, ctx: { asOf: string; now: Date }, limit = STATUS_DRAIN_MARKS): Promise<DrainResult> {
  return db.transaction().execute((trx) => drainWithin(trx, ctx, limit))
}

/** The body of a drain, in the caller's transaction: its marks are gone only if that transaction commits. */
export async function drainWithin(trx: Kysely<Database>, ctx: { asOf: string; now: Date }, limit = STATUS_DRAIN_MARKS): Promise<DrainResult> {
  const taken = await sql<{ indicator_id: number; jurisdiction_code: string; period_keys: string[] }>`
    delete from status_marks where id in (select id from status_marks order by id limit ${limit} for update skip locked)
    returning indicator_id, jurisdiction_code, period_keys`.execute(trx)
  if (taken.rows.length === 0) return { marks: 0, periods: 0, changes: [] }
  const pairs = new Map<string, PeriodPair>()
  for (const r of taken.rows)
    for (const periodKey of r.period_keys) pairs.set(`${r.indicator_id}|${r.jurisdiction_code}|${periodKey}`, { indicatorId: r.indicator_id, jurisdictionCode: r.jurisdiction_code, periodKey })
  const changes = await valuesInForceChanged(trx, [...pairs.values()], ctx)
  return { marks: taken.rows.length, periods: pairs.size, changes }
}

/** The submissions among `ids` whose statuses still wait for the coalesced recompute. */
export async function submissionsAwaitingStatus(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db.selectFrom('status_marks').select('submission_id').distinct().where('submission_id', 'in', ids).execute()
  return new Set(rows.flatMap((r) => (r.submission_id ? [r.submission_id] : [])))
}
