import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Which revision of a value counts is decided by the order of receipt, not by the product clock: the demo
 * calendar restarts from its configured day after a relaunch, and a clock can be set back. One sequence
 * numbers submissions as they are stored; ingest copies the submission's number onto the observations it
 * writes, and any other observation takes the next number. Existing rows keep their current order:
 * observations by (reported_at, id) as before, then submissions after them (only unprocessed ones will
 * still write observations, and they are the newest received).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence revision_seq as bigint`.execute(db)
  await db.schema.alterTable('observations').addColumn('revision', 'bigint').execute()
  await db.schema.alterTable('submissions').addColumn('revision', 'bigint').execute()
  await sql`
    update observations o set revision = r.n
    from (select id, row_number() over (order by reported_at, id) as n from observations) r
    where o.id = r.id`.execute(db)
  await sql`
    update submissions s set revision = r.n + (select count(*) from observations)
    from (select id, row_number() over (order by received_at, created_at, id) as n from submissions) r
    where s.id = r.id`.execute(db)
  // Numbering goes on after the backfill (setval with false: the next nextval returns exactly this).
  await sql`select setval('revision_seq', (select count(*) from observations) + (select count(*) from submissions) + 1, false)`.execute(
    db,
  )
  for (const table of ['observations', 'submissions'])
    await db.schema
      .alterTable(table)
      .alterColumn('revision', (c) => c.setDefault(sql`nextval('revision_seq')`))
      .execute()
  for (const table of ['observations', 'submissions'])
    await db.schema
      .alterTable(table)
      .alterColumn('revision', (c) => c.setNotNull())
      .execute()
  await sql`drop index observations_current`.execute(db)
  await sql`create index observations_current on observations (indicator_id, jurisdiction_code, period_key, revision desc, id desc)`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index observations_current`.execute(db)
  await sql`create index observations_current on observations (indicator_id, jurisdiction_code, period_key, reported_at desc, id desc)`.execute(
    db,
  )
  await db.schema.alterTable('submissions').dropColumn('revision').execute()
  await db.schema.alterTable('observations').dropColumn('revision').execute()
  await sql`drop sequence revision_seq`.execute(db)
}
