import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // Some plans count a reported value only after a manager approves it.
  await db.schema
    .alterTable('indicators')
    .addColumn('requires_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  // none: no review needed (counts); pending: waits for a manager; approved: counts; returned: never counts.
  await db.schema
    .alterTable('observations')
    .addColumn('review_state', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`review_state in ('none', 'pending', 'approved', 'returned')`),
    )
    .execute()
  await db.schema.alterTable('observations').addColumn('reviewed_at', 'timestamptz').execute()
  await db.schema
    .alterTable('observations')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.alterTable('observations').addColumn('review_comment', 'text').execute()
  // The review queue: few rows among millions, listed by state and jurisdiction.
  await sql`create index observations_review on observations (review_state, jurisdiction_code, reported_at desc) where review_state <> 'none'`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists observations_review`.execute(db)
  for (const c of ['review_comment', 'reviewed_by', 'reviewed_at', 'review_state'])
    await db.schema.alterTable('observations').dropColumn(c).execute()
  await db.schema.alterTable('indicators').dropColumn('requires_review').execute()
}
