import type { ColumnType, Generated, Selectable } from 'kysely'

/** manual: sent on demand by a manager or admin (一键催报); the others by the reporting cycle, once each. */
export type ReminderKind = 'due-soon' | 'overdue' | 'manual'

/** The in-app reminder list; delivery by email or robots reads from here. */
export interface ReportingRemindersTable {
  id: Generated<string>
  department_id: number
  /** Exactly one of indicator_id and task_id is set (20261202T1200). */
  indicator_id: number | null
  task_id: ColumnType<number | null, number | null | undefined, number | null>
  jurisdiction_code: string
  period_key: string
  kind: ReminderKind
  due_date: string
  created_at: ColumnType<Date, Date | undefined, never>
  /** Who sent a manual reminder (null for the cycle's). */
  sent_by: ColumnType<number | null, number | null | undefined, never>
}
export type ReportingReminderRow = Selectable<ReportingRemindersTable>
