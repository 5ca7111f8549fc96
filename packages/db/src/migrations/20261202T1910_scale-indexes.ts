import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Indexes the national-scale plans asked for (3,168 jurisdictions, 8.2 M reporting periods):
 * - reporting_periods by jurisdiction and due date: the overdue list and the reporting rates of a province read
 *   its share of the periods instead of scanning the country's. Neither column changes when a period is
 *   reported (only first_reported_at does), so the ingest hook's updates stay heap-only.
 * - plans by jurisdiction: the jurisdiction tree counts each place's plans.
 * Targets (indicator_targets_due) and departments (indicator_departments_pk) already lead with indicator_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index reporting_periods_jurisdiction_due on reporting_periods (jurisdiction_code, due_date)`.execute(
    db,
  )
  await sql`create index plans_jurisdiction on plans (jurisdiction_code)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index plans_jurisdiction`.execute(db)
  await sql`drop index reporting_periods_jurisdiction_due`.execute(db)
}
