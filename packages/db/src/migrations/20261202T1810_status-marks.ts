import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Status marks: the (indicator, jurisdiction, period) keys whose values in force changed and whose roll-ups
 * and statuses still have to be derived again. Ingest writes one row per submission in its own transaction
 * (so a crash can never lose a recompute; three parallel arrays, so a batch of 1,000 values costs one row,
 * not 1,000), and the drain takes rows in batches, so a month reported in many submissions costs one
 * recompute per pair instead of one per submission. Append-only: a mark never waits on another writer's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_marks')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('indicator_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('jurisdiction_codes', sql`text[]`, (c) => c.notNull())
    .addColumn('period_keys', sql`text[]`, (c) => c.notNull())
    .addColumn('submission_id', 'uuid')
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('status_marks_submission')
    .on('status_marks')
    .column('submission_id')
    .where(sql.ref('submission_id'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_marks').execute()
}
