import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)

/**
 * Reporting discipline: what each lead department owes per period and when (reporting_periods), the
 * in-app reminders sent about it, per-indicator grace and lock rules, and external sources to pull from.
 *
 * reporting_periods.state (derived by the reporting cycle and the ingest hook, never typed in):
 *   open              not due within 7 days yet (the running period, or one due later)
 *   due-soon          not reported and due within 7 days (due_date − 7 ≤ today ≤ due_date)
 *   overdue           not reported and today is after due_date
 *   missing           not reported and the next period's due date has passed too
 *   reported-on-time  first reported on or before due_date (Beijing date)
 *   reported-late     first reported after due_date
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Null = the cadence's default (monthly 10, quarterly 15, yearly 31 days after the period ends).
  await db.schema
    .alterTable('indicators')
    .addColumn('report_grace_days', 'integer', (c) => c.check(sql`report_grace_days between 0 and 366`))
    .execute()
  // Null = the period never locks; otherwise changes need a reason once this many days after the due date passed.
  await db.schema
    .alterTable('indicators')
    .addColumn('lock_after_days', 'integer', (c) => c.check(sql`lock_after_days between 0 and 3660`))
    .execute()

  await db.schema
    .createTable('reporting_periods')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('first_reported_at', 'timestamptz')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(oneOf('state', ['open', 'due-soon', 'overdue', 'missing', 'reported-on-time', 'reported-late'])),
    )
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('locked_at', 'timestamptz')
    .addPrimaryKeyConstraint('reporting_periods_pk', ['indicator_id', 'jurisdiction_code', 'period_key'])
    .execute()
  // One secondary index only: the ingest hook writes a row per first report, and each index costs it a write.
  await db.schema
    .createIndex('reporting_periods_department_due')
    .on('reporting_periods')
    .columns(['department_id', 'due_date'])
    .execute()

  await db.schema
    .createTable('reporting_reminders')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['due-soon', 'overdue'])))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One reminder of each kind per period: a rerun of the cycle inserts nothing new.
    .addUniqueConstraint('reporting_reminders_once', ['indicator_id', 'jurisdiction_code', 'period_key', 'kind'])
    .execute()
  await db.schema
    .createIndex('reporting_reminders_department')
    .on('reporting_reminders')
    .columns(['department_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('indicator_sources')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['http-json', 'csv-file'])))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('field_path', 'text', (c) => c.notNull().check(sql`length(field_path) > 0`))
    .addColumn('period_field', 'text')
    .addColumn('every_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`every_minutes > 0`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_pulled_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('indicator_sources_indicator').on('indicator_sources').column('indicator_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['indicator_sources', 'reporting_reminders', 'reporting_periods'])
    await db.schema.dropTable(t).execute()
  await db.schema.alterTable('indicators').dropColumn('lock_after_days').execute()
  await db.schema.alterTable('indicators').dropColumn('report_grace_days').execute()
}
