import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * History imports (历史数据导入): an administrator loads what departments reported before the product
 * was in use. Imported values arrive through the normal submission path on a channel of their own
 * ('import'), and imported progress reports and completions say so (source 'import'), so a period
 * reported before go-live counts as reported on time (it was, as far as anyone can now know) and the
 * history shows where the record came from.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table submissions drop constraint submissions_channel_check`.execute(db)
  await sql`alter table submissions add constraint submissions_channel_check check (channel in ('api', 'upload', 'form', 'pull', 'import'))`.execute(
    db,
  )
  await sql`alter table observations drop constraint observations_source_check`.execute(db)
  await sql`alter table observations add constraint observations_source_check check (source in ('api', 'upload', 'form', 'pull', 'rollup', 'import'))`.execute(
    db,
  )
  for (const table of ['task_progress', 'task_completions'])
    await db.schema
      .alterTable(table)
      .addColumn('source', 'text', (c) =>
        c.notNull().defaultTo('report').check(sql.raw(`source in ('report', 'import')`)),
      )
      .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['task_completions', 'task_progress'])
    await db.schema.alterTable(table).dropColumn('source').execute()
  await sql`delete from observations where source = 'import'`.execute(db)
  await sql`alter table observations drop constraint observations_source_check`.execute(db)
  await sql`alter table observations add constraint observations_source_check check (source in ('api', 'upload', 'form', 'pull', 'rollup'))`.execute(
    db,
  )
  await sql`delete from submissions where channel = 'import'`.execute(db)
  await sql`alter table submissions drop constraint submissions_channel_check`.execute(db)
  await sql`alter table submissions add constraint submissions_channel_check check (channel in ('api', 'upload', 'form', 'pull'))`.execute(
    db,
  )
}
