import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Indexes the batched alert evaluation reads through, once per chunk instead of once per alert:
 * - inbox_items by alert: which people already have an alert event in their inbox (and the cascade when an
 *   alert goes) read the alert's rows instead of scanning every inbox of the country.
 * - notifications by person and channel: the group-wait and group-interval clocks of a (person, channel), and
 *   the delivery's claim of its due batch, read that pair's rows instead of every pending or sent one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index inbox_items_alert on inbox_items (alert_id, kind)`.execute(db)
  await sql`create index notifications_user_channel on notifications (user_id, channel_id, status)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notifications_user_channel`.execute(db)
  await sql`drop index inbox_items_alert`.execute(db)
}
