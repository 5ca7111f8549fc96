import type { Kysely } from 'kysely'
import { sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Small pieces of process state that must outlive a restart, by key: the demo calendar's last product
 * time (so a relaunched demo resumes where it stopped instead of starting again from DEMO_CLOCK).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('runtime_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('runtime_state').execute()
}
