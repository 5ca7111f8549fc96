import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Roll-up observations by series, newest period first, and only those (partial on source = 'rollup'): the status
 * recompute asks each series for its newest roll-up (is it incomplete?) and the derive for a parent's current one.
 * Through `observations_current` both read every revision of the series to find none at all in most of them (a
 * series without a roll-up rule); this index answers them from a few pages, and costs a reported value nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index observations_rollup on observations (indicator_id, jurisdiction_code, period_end desc, revision desc, id desc) where source = 'rollup'`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index observations_rollup`.execute(db)
}
