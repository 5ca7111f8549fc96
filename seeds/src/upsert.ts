import { type Kysely, sql } from 'kysely'

/**
 * Insert-or-update by a stable key that only touches rows whose values differ, so re-running the
 * seed changes nothing (not even updated_at). Returns how many rows were inserted or changed.
 *
 * Kysely<any> on purpose: one generic helper serves every seeded table, and the callers' rows are
 * already typed by the table interfaces they come from.
 */
export async function upsertRows(
  // biome-ignore lint/suspicious/noExplicitAny: generic over tables; the table name is a parameter
  db: Kysely<any>,
  table: string,
  keyColumns: string[],
  rows: Record<string, unknown>[],
  opts: { touchUpdatedAt?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0
  const first = rows[0]!
  const valueColumns = Object.keys(first).filter((c) => !keyColumns.includes(c))
  let q = db.insertInto(table).values(rows)
  q = q.onConflict((oc) => {
    const cols = oc.columns(keyColumns as never)
    if (valueColumns.length === 0) return cols.doNothing()
    const set: Record<string, unknown> = {}
    for (const c of valueColumns) set[c] = sql.ref(`excluded.${c}`)
    if (opts.touchUpdatedAt) set.updated_at = sql`now()`
    const mine = sql.join(valueColumns.map((c) => sql.ref(`${table}.${c}`)))
    const theirs = sql.join(valueColumns.map((c) => sql.ref(`excluded.${c}`)))
    return cols.doUpdateSet(set).where(sql<boolean>`(${mine}) is distinct from (${theirs})`)
  })
  const changed = await q.returning(sql.lit(1).as('one')).execute()
  return changed.length
}
