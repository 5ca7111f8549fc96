import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { allStatusKeys, recomputeStatuses, type StatusKey } from '@cockpit/services/status'
import type { Kysely } from 'kysely'

const CHUNK = 500

/** Every pair the nightly sweep would judge, once each. */
export async function distinctStatusKeys(db: Kysely<Database>): Promise<StatusKey[]> {
  const keys = await allStatusKeys(db)
  return [...new Map(keys.map((k) => [`${k.indicatorId}|${k.jurisdictionCode}`, k])).values()]
}

/**
 * indicator_status by the product's own recompute (the pure status rules over the values in force), two
 * chunks at a time: fast enough for the load, and the stored statuses are exactly what the product derives.
 * Returns how many pairs changed (all of them on a fresh load; none when the statuses were already current).
 */
export async function loadStatuses(db: Kysely<Database>, now: Date): Promise<number> {
  return loadStatusesFor(db, await distinctStatusKeys(db), now)
}

/** The same for the given pairs (the ingest measurement puts back the statuses of the month it took out). */
export async function loadStatusesFor(
  db: Kysely<Database>,
  keys: StatusKey[],
  now: Date,
  concurrency = 2,
): Promise<number> {
  const parts = Array.from({ length: Math.ceil(keys.length / CHUNK) }, (_, i) => keys.slice(i * CHUNK, (i + 1) * CHUNK))
  let next = 0
  let changed = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < parts.length) {
        const part = parts[next++]!
        const changes = await db.transaction().execute((trx) => recomputeStatuses(trx, part, shanghaiDate(now), now))
        changed += changes.length
      }
    }),
  )
  return changed
}
