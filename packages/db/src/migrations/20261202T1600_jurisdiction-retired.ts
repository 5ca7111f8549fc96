import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * The jurisdiction tree is loaded from a maintained GB/T 2260 code package. When a code leaves the list
 * (撤县设区: a county becomes a district under a new code) the row is retired, never deleted: plans,
 * indicators, observations and users may still point at it, and its history must stay readable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jurisdictions').addColumn('retired_at', 'timestamptz').execute()
  // Which rows the package brought in: only those are retired when it stops listing them (an administrator's own stay).
  await db.schema
    .alterTable('jurisdictions')
    .addColumn('from_package', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await sql`create index jurisdictions_parent on jurisdictions (parent_code)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists jurisdictions_parent`.execute(db)
  await db.schema.alterTable('jurisdictions').dropColumn('from_package').execute()
  await db.schema.alterTable('jurisdictions').dropColumn('retired_at').execute()
}
