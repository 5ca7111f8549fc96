import { type CreateTableBuilder, type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)
const timestamps = (t: CreateTableBuilder<string, string>) =>
  t
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))

export async function up(db: Kysely<any>): Promise<void> {
  await timestamps(
    db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('username', 'text', (c) => c.notNull().unique().check(sql`username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'`))
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ['admin', 'manager', 'reporter', 'viewer'])))
      .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
      .addColumn('disabled_at', 'timestamptz')
      .addCheckConstraint('users_reporter_department', sql`role <> 'reporter' or department_id is not null`),
  ).execute()

  await db.schema
    .createTable('user_jurisdictions')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addPrimaryKeyConstraint('user_jurisdictions_pk', ['user_id', 'jurisdiction_code'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_token_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('request_id', 'text')
    .execute()
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute()
  // Append-only: the log is evidence, so the database itself refuses edits and deletions.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db)
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db)

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('channel', 'text', (c) => c.notNull().check(oneOf('channel', ['api', 'upload', 'form', 'pull'])))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('idempotency_scope', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('payload', 'jsonb')
    .addColumn('file', 'bytea')
    .addColumn('file_name', 'text')
    .addColumn('file_type', 'text')
    .addColumn('all_or_nothing', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('received')
        .check(oneOf('state', ['received', 'processing', 'processed', 'failed'])),
    )
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    // received_at is the product's clock (due dates, on-time reporting, revision order); created_at is the
    // database's, for infrastructure such as the sweeper. They differ under the demo's fast calendar.
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .addUniqueConstraint('submissions_idempotency', ['idempotency_scope', 'idempotency_key'])
    .addCheckConstraint('submissions_body', sql`payload is not null or file is not null`)
    .execute()
  await db.schema
    .createIndex('submissions_pending')
    .on('submissions')
    .columns(['state', 'created_at'])
    .where(sql.ref('state'), 'in', ['received', 'processing'])
    .execute()
  await db.schema
    .createIndex('submissions_department')
    .on('submissions')
    .columns(['department_id', 'received_at'])
    .execute()

  await db.schema
    .createTable('observations')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id'))
    .addColumn('item_seq', 'integer')
    .addColumn('source', 'text', (c) => c.notNull().check(oneOf('source', ['api', 'upload', 'form', 'pull', 'rollup'])))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A retried ingest job writes the same (submission, item) again: the constraint makes it a no-op.
    .addUniqueConstraint('observations_submission_item', ['submission_id', 'item_seq'])
    .execute()
  await sql`create index observations_current on observations (indicator_id, jurisdiction_code, period_key, reported_at desc, id desc)`.execute(
    db,
  )

  await db.schema
    .createTable('indicator_status')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(oneOf('status', ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data'])),
    )
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('latest_value', 'double precision')
    .addColumn('latest_period_key', 'text')
    .addColumn('latest_period_end', 'date')
    .addColumn('expected', 'double precision')
    .addColumn('gap', 'double precision')
    .addColumn('gap_ratio', 'double precision')
    .addColumn('time_progress', 'double precision')
    .addColumn('completion', 'double precision')
    .addColumn('forecast', 'double precision')
    .addColumn('forecast_meets', 'boolean')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('observation_count', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status_since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('indicator_status_pk', ['indicator_id', 'jurisdiction_code'])
    .execute()
  await db.schema
    .createIndex('indicator_status_status')
    .on('indicator_status')
    .columns(['jurisdiction_code', 'status'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'indicator_status',
    'observations',
    'submissions',
    'audit_log',
    'api_tokens',
    'sessions',
    'user_jurisdictions',
    'users',
  ])
    await db.schema.dropTable(t).execute()
  await sql`drop function if exists audit_log_append_only()`.execute(db)
}
