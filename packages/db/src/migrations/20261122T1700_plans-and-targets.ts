import { type CreateTableBuilder, type Kysely, sql } from 'kysely'

// Migrations are frozen once landed: they take Kysely<any> and import nothing from the app.

const timestamps = (t: CreateTableBuilder<string, string>) =>
  t
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)

export async function up(db: Kysely<any>): Promise<void> {
  await timestamps(
    db.schema
      .createTable('jurisdictions')
      .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{6}$'`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull().check(oneOf('level', ['province', 'city', 'county'])))
      .addColumn('parent_code', 'text', (c) => c.references('jurisdictions.code')),
  ).execute()

  await timestamps(
    db.schema
      .createTable('plans')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('doc_number', 'text')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('issued_on', 'date', (c) => c.notNull())
      .addColumn('start_year', 'integer', (c) => c.notNull())
      .addColumn('end_year', 'integer', (c) => c.notNull())
      .addColumn('vision_year', 'integer')
      .addColumn('source_file', 'text', (c) => c.notNull())
      .addColumn('cite_section', 'text', (c) => c.notNull())
      .addColumn('cite_quote', 'text', (c) => c.notNull())
      .addCheckConstraint('plans_horizon', sql`end_year >= start_year`),
  ).execute()

  await db.schema
    .createTable('pillars')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('cite_section', 'text', (c) => c.notNull())
    .addColumn('cite_quote', 'text', (c) => c.notNull())
    .addUniqueConstraint('pillars_plan_key', ['plan_id', 'key'])
    .execute()

  await timestamps(
    db.schema
      .createTable('departments')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text')
      .addUniqueConstraint('departments_jurisdiction_key', ['jurisdiction_code', 'key']),
  ).execute()

  await timestamps(
    db.schema
      .createTable('indicators')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
      .addColumn('pillar_id', 'integer', (c) => c.references('pillars.id').onDelete('set null'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull().check(oneOf('measure', ['percent', 'count', 'quantity'])))
      .addColumn('direction', 'text', (c) => c.notNull().check(oneOf('direction', ['higher', 'lower'])))
      .addColumn('nature', 'text', (c) => c.notNull().check(oneOf('nature', ['binding', 'expected', 'unclassified'])))
      .addColumn('cadence', 'text', (c) => c.notNull().check(oneOf('cadence', ['monthly', 'quarterly', 'yearly'])))
      .addColumn('baseline_year', 'integer')
      .addColumn('baseline_value', 'double precision')
      .addColumn('baseline_cite_section', 'text')
      .addColumn('baseline_cite_quote', 'text')
      .addColumn('cite_section', 'text', (c) => c.notNull())
      .addColumn('cite_quote', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addUniqueConstraint('indicators_plan_key', ['plan_id', 'key'])
      .addCheckConstraint('indicators_baseline_pair', sql`(baseline_year is null) = (baseline_value is null)`),
  ).execute()
  await db.schema.createIndex('indicators_jurisdiction').on('indicators').column('jurisdiction_code').execute()

  await db.schema
    .createTable('indicator_targets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) => c.notNull().check(oneOf('comparator', ['gte', 'lte', 'eq', 'range'])))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('value_max', 'double precision')
    .addColumn('cite_section', 'text')
    .addColumn('cite_quote', 'text')
    .addUniqueConstraint('indicator_targets_due', ['indicator_id', 'due_date'])
    .addCheckConstraint(
      'indicator_targets_range',
      sql`(comparator = 'range') = (value_max is not null) and (value_max is null or value_max >= value)`,
    )
    .execute()

  await db.schema
    .createTable('indicator_departments')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ['lead', 'cooperating'])))
    .addPrimaryKeyConstraint('indicator_departments_pk', ['indicator_id', 'department_id'])
    .execute()
  await db.schema
    .createIndex('indicator_departments_department')
    .on('indicator_departments')
    .column('department_id')
    .execute()

  await timestamps(
    db.schema
      .createTable('tasks')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['task', 'milestone'])))
      .addColumn('number', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('pillar_id', 'integer', (c) => c.references('pillars.id').onDelete('set null'))
      .addColumn('parent_id', 'integer', (c) => c.references('tasks.id').onDelete('set null'))
      .addColumn('indicator_id', 'integer', (c) => c.references('indicators.id').onDelete('set null'))
      .addColumn('due_date', 'date')
      .addColumn('completed_on', 'date')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('cite_section', 'text', (c) => c.notNull())
      .addColumn('cite_quote', 'text', (c) => c.notNull())
      .addUniqueConstraint('tasks_plan_key', ['plan_id', 'key']),
  ).execute()
  await db.schema.createIndex('tasks_due').on('tasks').column('due_date').execute()

  await db.schema
    .createTable('task_departments')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ['lead', 'cooperating'])))
    .addPrimaryKeyConstraint('task_departments_pk', ['task_id', 'department_id'])
    .execute()
  await db.schema.createIndex('task_departments_department').on('task_departments').column('department_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'task_departments',
    'tasks',
    'indicator_departments',
    'indicator_targets',
    'indicators',
    'departments',
    'pillars',
    'plans',
    'jurisdictions',
  ])
    await db.schema.dropTable(t).execute()
}
