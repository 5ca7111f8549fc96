import type pg from 'pg'

/**
 * Drops a table's secondary indexes and unique constraints (never its primary key, which other tables'
 * foreign keys may point at) and returns the statements that rebuild them: a bulk load then writes the heap
 * once and each index is built in one sorted pass instead of 18 million inserts.
 */
export async function dropSecondaryIndexes(client: pg.PoolClient, table: string): Promise<string[]> {
  const constraints = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = $1::regclass and contype = 'u'`,
    [table],
  )
  const indexes = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = $1::regclass and not x.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [table],
  )
  const restore: string[] = []
  for (const c of constraints.rows) {
    await client.query(`alter table ${table} drop constraint ${c.name}`)
    restore.push(`alter table ${table} add constraint ${c.name} ${c.def}`)
  }
  for (const i of indexes.rows) {
    await client.query(`drop index ${i.name}`)
    restore.push(i.def)
  }
  return restore
}

export async function restoreIndexes(client: pg.PoolClient, statements: string[]): Promise<void> {
  for (const s of statements) await client.query(s)
}
