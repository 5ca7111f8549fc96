import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`)
const now = sql`now()`

export async function up(db: Kysely<any>): Promise<void> {
  // Phone numbers to @ in DingTalk/WeCom group robots: a person's, and a department's contacts.
  await db.schema.alterTable('users').addColumn('mobile', 'text').execute()
  await db.schema.alterTable('users').addColumn('email', 'text').execute()
  await db.schema
    .alterTable('departments')
    .addColumn('contact_mobiles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute()
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          oneOf('kind', [
            'below-path',
            'forecast-miss',
            'binding-off-track',
            'missing-report',
            'sudden-change',
            'target-reached',
          ]),
        ),
    )
    .addColumn('severity', 'text', (c) => c.notNull().check(oneOf('severity', ['critical', 'warning', 'info'])))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('indicator_id', 'integer', (c) => c.references('indicators.id').onDelete('cascade'))
    .addColumn('pillar_id', 'integer', (c) => c.references('pillars.id').onDelete('cascade'))
    .addColumn('plan_id', 'integer', (c) => c.references('plans.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.references('jurisdictions.code'))
    .addColumn('include_descendants', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('binding_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('for_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('for_periods', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('keep_firing_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_data', 'text', (c) =>
      c
        .notNull()
        .defaultTo('keep')
        .check(oneOf('no_data', ['nodata', 'keep', 'ok', 'alerting'])),
    )
    .addColumn('group_wait_seconds', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('group_interval_seconds', 'integer', (c) => c.notNull().defaultTo(300))
    .addColumn('repeat_interval_seconds', 'integer', (c) => c.notNull().defaultTo(86_400))
    .addColumn('escalate_after_seconds', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()

  // One row per rule × (indicator, jurisdiction): the state machine's memory.
  await db.schema
    .createTable('alert_instances')
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(oneOf('state', ['normal', 'pending', 'firing', 'recovering', 'nodata', 'error'])),
    )
    .addColumn('memory', 'jsonb', (c) => c.notNull())
    .addColumn('current_alert_id', 'bigint')
    .addColumn('last_values', 'jsonb')
    .addColumn('last_evaluated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('alert_instances_pk', ['rule_id', 'indicator_id', 'jurisdiction_code'])
    .execute()

  // One row per firing episode: what managers see, acknowledge and assign.
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('episode', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['firing', 'resolved'])))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('assigned_to', 'integer', (c) => c.references('users.id'))
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('last_notified_at', 'timestamptz')
    .addUniqueConstraint('alerts_episode', ['fingerprint', 'episode'])
    .execute()
  await db.schema.createIndex('alerts_open').on('alerts').columns(['state', 'started_at']).execute()

  await db.schema
    .createTable('alert_transitions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'bigint', (c) => c.references('alerts.id').onDelete('set null'))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('alert_transitions_fp').on('alert_transitions').columns(['fingerprint', 'at']).execute()

  await db.schema
    .createTable('alert_notes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('silences')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('matchers', 'jsonb', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('silences_window', sql`ends_at > starts_at`)
    .execute()

  await db.schema
    .createTable('notification_channels')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['email', 'dingtalk', 'wecom', 'webhook'])))
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('pillar_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('indicator_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('min_severity', 'text', (c) =>
      c
        .notNull()
        .defaultTo('warning')
        .check(oneOf('min_severity', ['critical', 'warning', 'info'])),
    )
    .addColumn('channel_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('in_app', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()

  // A notification owed to one recipient on one channel for one alert event; grouped at send time.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.references('notification_channels.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['firing', 'resolved', 'repeat', 'escalation'])))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(oneOf('status', ['pending', 'sending', 'sent', 'failed', 'silenced'])),
    )
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('batch_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('notifications_pending').on('notifications').columns(['status', 'due_at']).execute()

  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('alert_id', 'bigint', (c) => c.references('alerts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('read_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('inbox_items_user').on('inbox_items').columns(['user_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('mobile').dropColumn('email').execute()
  await db.schema.alterTable('departments').dropColumn('contact_mobiles').execute()
  for (const t of [
    'inbox_items',
    'notifications',
    'subscriptions',
    'notification_channels',
    'silences',
    'alert_notes',
    'alert_transitions',
    'alerts',
    'alert_instances',
    'alert_rules',
  ])
    await db.schema.dropTable(t).execute()
}
