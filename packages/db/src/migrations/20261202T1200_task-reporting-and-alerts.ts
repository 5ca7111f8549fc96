import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

const exactlyOne = (table: string) =>
  sql.raw(`alter table ${table} add constraint ${table}_subject check ((indicator_id is null) <> (task_id is null))`)

const ruleKinds = [
  'below-path',
  'forecast-miss',
  'binding-off-track',
  'missing-report',
  'sudden-change',
  'target-reached',
  'milestone-overdue',
  'milestone-at-risk',
  'task-report-missing',
]

/**
 * Tasks and milestones in the reporting-discipline and alerting machinery (重点任务督办): a row of
 * reporting_periods, reporting_reminders, alert_instances, alerts and alert_transitions is about either
 * an indicator or a task — one subject, never both (a check constraint). The tables are generalised
 * rather than doubled so that one on-time query, one scope filter, one reminder path and one alert
 * state machine serve both, and the reads show them apart and together from one scan.
 *
 * reporting_periods and alert_instances had primary keys over indicator_id; a primary key forbids
 * nulls, so each becomes a unique index over the same columns (ON CONFLICT on those columns still finds
 * it; a task row's null indicator_id never conflicts) beside a partial unique index for task rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // reporting_periods: what a task's lead department owes per period of the task's cadence.
  await sql`alter table reporting_periods add column task_id integer references tasks(id) on delete cascade`.execute(db)
  await sql`create unique index reporting_periods_indicator on reporting_periods (indicator_id, jurisdiction_code, period_key)`.execute(
    db,
  )
  await sql`alter table reporting_periods drop constraint reporting_periods_pk`.execute(db)
  await sql`alter table reporting_periods alter column indicator_id drop not null`.execute(db)
  await exactlyOne('reporting_periods').execute(db)
  await sql`create unique index reporting_periods_task on reporting_periods (task_id, period_key) where task_id is not null`.execute(
    db,
  )
  // The cycle finds each task's newest period and the window after it by this index (task rows only).
  await sql`create index reporting_periods_task_end on reporting_periods (task_id, period_end) where task_id is not null`.execute(
    db,
  )
  // Task periods still waiting for their first report: what the cycle adopts reports into, without
  // visiting the (ever longer) reported history.
  await sql`create index reporting_periods_task_unreported on reporting_periods (task_id, period_key) where task_id is not null and first_reported_at is null`.execute(
    db,
  )

  await sql`alter table reporting_reminders add column task_id integer references tasks(id) on delete cascade`.execute(
    db,
  )
  await sql`alter table reporting_reminders alter column indicator_id drop not null`.execute(db)
  await exactlyOne('reporting_reminders').execute(db)
  await sql`create unique index reporting_reminders_task_once on reporting_reminders (task_id, period_key, kind) where kind <> 'manual' and task_id is not null`.execute(
    db,
  )
  await sql`create index reporting_reminders_task_manual on reporting_reminders (task_id, period_key, created_at desc) where kind = 'manual' and task_id is not null`.execute(
    db,
  )

  // Alerts about tasks and milestones.
  await sql`alter table alert_rules drop constraint alert_rules_kind_check`.execute(db)
  await sql
    .raw(
      `alter table alert_rules add constraint alert_rules_kind_check check (kind in (${ruleKinds.map((k) => `'${k}'`).join(', ')}))`,
    )
    .execute(db)

  await sql`alter table alert_instances add column task_id integer references tasks(id) on delete cascade`.execute(db)
  await sql`create unique index alert_instances_indicator on alert_instances (rule_id, indicator_id, jurisdiction_code)`.execute(
    db,
  )
  await sql`alter table alert_instances drop constraint alert_instances_pk`.execute(db)
  await sql`alter table alert_instances alter column indicator_id drop not null`.execute(db)
  await exactlyOne('alert_instances').execute(db)
  await sql`create unique index alert_instances_task on alert_instances (rule_id, task_id) where task_id is not null`.execute(
    db,
  )

  await sql`alter table alerts add column task_id integer references tasks(id) on delete cascade`.execute(db)
  await sql`alter table alerts alter column indicator_id drop not null`.execute(db)
  await exactlyOne('alerts').execute(db)
  await sql`create index alerts_task on alerts (task_id) where task_id is not null`.execute(db)

  // History rows, like their indicator_id, carry no foreign key (they outlive what they describe).
  await sql`alter table alert_transitions add column task_id integer`.execute(db)
  await sql`alter table alert_transitions alter column indicator_id drop not null`.execute(db)

  // An installation that already has rules (a new one gets every default at start) gains the task rules once.
  await sql`
    insert into alert_rules (name, kind, severity, params, for_seconds, escalate_after_seconds)
    select v.name, v.kind, v.severity, v.params::jsonb, 0, v.escalate
      from (values
        ('里程碑逾期未完成', 'milestone-overdue', 'critical', '{"kind":"milestone-overdue"}', 3 * 86400),
        ('里程碑临期仍未启动或滞后', 'milestone-at-risk', 'warning', '{"kind":"milestone-at-risk","withinDays":30}', null),
        ('重点任务连续两期未报进展', 'task-report-missing', 'warning', '{"kind":"task-report-missing","periods":2}', null)
      ) as v(name, kind, severity, params, escalate)
     where exists (select 1 from alert_rules)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from alert_transitions where task_id is not null`.execute(db)
  await sql`alter table alert_transitions alter column indicator_id set not null`.execute(db)
  await sql`alter table alert_transitions drop column task_id`.execute(db)
  await sql`delete from alerts where task_id is not null`.execute(db)
  await sql`alter table alerts drop constraint alerts_subject`.execute(db)
  await sql`alter table alerts alter column indicator_id set not null`.execute(db)
  await sql`alter table alerts drop column task_id`.execute(db)
  await sql`delete from alert_instances where task_id is not null`.execute(db)
  await sql`alter table alert_instances drop constraint alert_instances_subject`.execute(db)
  await sql`alter table alert_instances drop column task_id`.execute(db)
  await sql`alter table alert_instances add constraint alert_instances_pk primary key (rule_id, indicator_id, jurisdiction_code)`.execute(
    db,
  )
  await sql`drop index alert_instances_indicator`.execute(db)
  await sql`delete from alert_rules where kind in ('milestone-overdue', 'milestone-at-risk', 'task-report-missing')`.execute(
    db,
  )
  await sql`alter table alert_rules drop constraint alert_rules_kind_check`.execute(db)
  await sql
    .raw(
      `alter table alert_rules add constraint alert_rules_kind_check check (kind in (${ruleKinds
        .slice(0, 6)
        .map((k) => `'${k}'`)
        .join(', ')}))`,
    )
    .execute(db)

  await sql`delete from reporting_reminders where task_id is not null`.execute(db)
  await sql`drop index reporting_reminders_task_manual`.execute(db)
  await sql`drop index reporting_reminders_task_once`.execute(db)
  await sql`alter table reporting_reminders drop constraint reporting_reminders_subject`.execute(db)
  await sql`alter table reporting_reminders alter column indicator_id set not null`.execute(db)
  await sql`alter table reporting_reminders drop column task_id`.execute(db)

  await sql`delete from reporting_periods where task_id is not null`.execute(db)
  await sql`alter table reporting_periods drop constraint reporting_periods_subject`.execute(db)
  await sql`alter table reporting_periods drop column task_id`.execute(db)
  await sql`alter table reporting_periods add constraint reporting_periods_pk primary key (indicator_id, jurisdiction_code, period_key)`.execute(
    db,
  )
  await sql`drop index reporting_periods_indicator`.execute(db)
}
