import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import type { LoadStats } from './retrying-load.js'

export interface Accounting {
  acknowledged: number
  /** Acknowledged submissions the workers have finished (state processed). */
  processed: number
  /** Submissions stored for the same idempotency key more than once, plus observations written twice for one item. */
  duplicates: number
  /** Acknowledged submissions processed but whose item counts do not add up (accepted + unchanged + rejected ≠ items). */
  unbalanced: number
  /** Observations of the processed submissions minus their accepted items (0: every accepted value stored once). */
  observationsOff: number
}

/**
 * What became of the submissions one load sent (by its idempotency keys): how many were processed, and
 * whether anything was stored or counted twice. Reads through `db`, which may be briefly refusing
 * (database just back): the caller polls.
 */
export async function accountFor(db: Kysely<Database>, stats: LoadStats, keyPrefix: string): Promise<Accounting> {
  const subs = await db
    .selectFrom('submissions')
    .select(['id', 'idempotency_key', 'state', 'item_count', 'accepted_count', 'unchanged_count', 'rejected_count'])
    .where('idempotency_key', 'like', `${keyPrefix}-%`)
    .execute()
  const ids = [...stats.acknowledged.values()]
  const byId = new Map(subs.map((s) => [s.id, s]))
  let processed = 0
  let unbalanced = 0
  let accepted = 0
  for (const id of ids) {
    const s = byId.get(id)
    if (s?.state !== 'processed') continue
    processed++
    accepted += s.accepted_count
    if (s.accepted_count + s.unchanged_count + s.rejected_count !== s.item_count) unbalanced++
  }
  const keys = new Map<string, number>()
  for (const s of subs) keys.set(s.idempotency_key ?? '', (keys.get(s.idempotency_key ?? '') ?? 0) + 1)
  const storedTwice = [...keys.values()].filter((n) => n > 1).length
  const writtenTwice = ids.length
    ? (
        await sql<{ n: number }>`select count(*)::int as n from (
          select submission_id, item_seq from observations where submission_id = any(${ids}::uuid[]) group by 1, 2 having count(*) > 1) d`.execute(
          db,
        )
      ).rows[0]!.n
    : 0
  const stored = ids.length
    ? (
        await sql<{
          n: number
        }>`select count(*)::int as n from observations o join submissions s on s.id = o.submission_id
          where o.submission_id = any(${ids}::uuid[]) and s.state = 'processed'`.execute(db)
      ).rows[0]!.n
    : 0
  return {
    acknowledged: stats.acknowledged.size,
    processed,
    duplicates: storedTwice + writtenTwice,
    unbalanced,
    observationsOff: stored - accepted,
  }
}
