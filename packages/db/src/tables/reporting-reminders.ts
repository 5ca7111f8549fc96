import type { ColumnType, Generated, Selectable } from 'kysely'

export type ReminderKind = 'due-soon' | 'overdue'

/** The in-app reminder list; delivery by email or robots reads from here. */
export interface ReportingRemindersTable {
  id: Generated<string>
  department_id: number
  indicator_id: number
  jurisdiction_code: string
  period_key: string
  kind: ReminderKind
  due_date: string
  created_at: ColumnType<Date, Date | undefined, never>
}
export type ReportingReminderRow = Selectable<ReportingRemindersTable>
