import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * On-demand reminders ("一键催报"): a manager may remind a department about an overdue report more than
 * once (not within a short interval, checked by the service), so the once-per-period rule now holds only
 * for the cycle's automatic kinds; sent_by records who asked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reporting_reminders drop constraint reporting_reminders_kind_check`.execute(db)
  await sql`alter table reporting_reminders add constraint reporting_reminders_kind_check check (kind in ('due-soon', 'overdue', 'manual'))`.execute(
    db,
  )
  await sql`alter table reporting_reminders drop constraint reporting_reminders_once`.execute(db)
  await sql`create unique index reporting_reminders_once on reporting_reminders (indicator_id, jurisdiction_code, period_key, kind) where kind <> 'manual'`.execute(
    db,
  )
  // The interval check looks up the latest manual reminder of one period.
  await sql`create index reporting_reminders_manual on reporting_reminders (indicator_id, jurisdiction_code, period_key, created_at desc) where kind = 'manual'`.execute(
    db,
  )
  await db.schema
    .alterTable('reporting_reminders')
    .addColumn('sent_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reporting_reminders').dropColumn('sent_by').execute()
  await sql`delete from reporting_reminders where kind = 'manual'`.execute(db)
  await sql`drop index reporting_reminders_manual`.execute(db)
  await sql`drop index reporting_reminders_once`.execute(db)
  await sql`alter table reporting_reminders add constraint reporting_reminders_once unique (indicator_id, jurisdiction_code, period_key, kind)`.execute(
    db,
  )
  await sql`alter table reporting_reminders drop constraint reporting_reminders_kind_check`.execute(db)
  await sql`alter table reporting_reminders add constraint reporting_reminders_kind_check check (kind in ('due-soon', 'overdue'))`.execute(
    db,
  )
}
