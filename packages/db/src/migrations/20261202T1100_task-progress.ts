import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)
const cadences = ['monthly', 'quarterly', 'yearly']

/**
 * Progress reporting on tasks and milestones (重点任务督办): departments report a stage and text per
 * period (revisions keep history: the newest id counts, never a clock), the lead department claims
 * completion, and a manager verifies it (销号) — only an approval writes tasks.completed_on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // How often tasks are reported: per plan (default monthly), overridable per task.
  await db.schema
    .alterTable('plans')
    .addColumn('task_report_cadence', 'text', (c) =>
      c.notNull().defaultTo('monthly').check(oneOf('task_report_cadence', cadences)),
    )
    .execute()
  await db.schema
    .alterTable('tasks')
    .addColumn('report_cadence', 'text', (c) =>
      c.check(sql`report_cadence is null or ${oneOf('report_cadence', cadences)}`),
    )
    .execute()

  await db.schema
    .createTable('task_progress')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ['lead', 'cooperating'])))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(oneOf('stage', ['not-started', 'in-progress', 'completed', 'delayed', 'suspended'])),
    )
    .addColumn('percent', 'integer', (c) => c.check(sql`percent is null or percent between 0 and 100`))
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('problems', 'text')
    .addColumn('next_steps', 'text')
    .addColumn('reason', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('idempotency_scope', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    // The product clock: when the department reported (on-time reporting is judged by it).
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'task_progress_reason',
      sql`stage not in ('delayed', 'suspended') or (reason is not null and length(trim(reason)) > 0)`,
    )
    .addCheckConstraint('task_progress_reporter', sql`user_id is not null or token_id is not null`)
    .addUniqueConstraint('task_progress_idempotency', ['idempotency_scope', 'idempotency_key'])
    .execute()
  await db.schema
    .createIndex('task_progress_task')
    .on('task_progress')
    .columns(['task_id', 'period_end', 'id'])
    .execute()
  await db.schema
    .createIndex('task_progress_department')
    .on('task_progress')
    .columns(['department_id', 'period_end'])
    .execute()

  await db.schema
    .createTable('task_progress_evidence')
    .addColumn('progress_id', 'bigint', (c) => c.notNull().references('task_progress.id').onDelete('cascade'))
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence_files.id'))
    .addPrimaryKeyConstraint('task_progress_evidence_pk', ['progress_id', 'evidence_id'])
    .execute()

  await db.schema
    .createTable('task_completions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('claimed_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(oneOf('state', ['pending', 'approved', 'returned', 'reopened'])),
    )
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('idempotency_scope', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_comment', 'text')
    .addColumn('reopen_reason', 'text')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reopened_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('task_completions_claimant', sql`user_id is not null or token_id is not null`)
    .addCheckConstraint(
      'task_completions_returned_comment',
      sql`state <> 'returned' or (decision_comment is not null and length(trim(decision_comment)) > 0)`,
    )
    .addCheckConstraint(
      'task_completions_reopen_reason',
      sql`state <> 'reopened' or (reopen_reason is not null and length(trim(reopen_reason)) > 0)`,
    )
    .addUniqueConstraint('task_completions_idempotency', ['idempotency_scope', 'idempotency_key'])
    .execute()
  await db.schema.createIndex('task_completions_task').on('task_completions').columns(['task_id', 'id']).execute()
  // At most one claim waits for verification, and at most one stands approved, per task.
  await sql`create unique index task_completions_one_pending on task_completions (task_id) where state = 'pending'`.execute(
    db,
  )
  await sql`create unique index task_completions_one_approved on task_completions (task_id) where state = 'approved'`.execute(
    db,
  )

  await db.schema
    .createTable('task_completion_evidence')
    .addColumn('completion_id', 'integer', (c) => c.notNull().references('task_completions.id').onDelete('cascade'))
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence_files.id'))
    .addPrimaryKeyConstraint('task_completion_evidence_pk', ['completion_id', 'evidence_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['task_completion_evidence', 'task_completions', 'task_progress_evidence', 'task_progress'])
    await db.schema.dropTable(t).execute()
  await db.schema.alterTable('tasks').dropColumn('report_cadence').execute()
  await db.schema.alterTable('plans').dropColumn('task_report_cadence').execute()
}
