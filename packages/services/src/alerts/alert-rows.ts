import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

/**
 * Alerts with their rule and their subject (an indicator or a task, the other side null): the one join the
 * alert list, the alert detail and the repeat/escalation clock read alerts through.
 */
export const alertsWithSubject = (db: Kysely<Database>) =>
  db
    .selectFrom('alerts as a')
    .innerJoin('alert_rules as r', 'r.id', 'a.rule_id')
    .leftJoin('indicators as i', 'i.id', 'a.indicator_id')
    .leftJoin('tasks as t', 't.id', 'a.task_id')
