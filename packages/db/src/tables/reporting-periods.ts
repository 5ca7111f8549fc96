import type { ColumnType, Selectable } from 'kysely'

/** open → due-soon → overdue → missing while unreported; reported-on-time / reported-late once reported. */
export type ReportingState = 'open' | 'due-soon' | 'overdue' | 'missing' | 'reported-on-time' | 'reported-late'

/**
 * What the lead department owes for one subject and period, and how it went: an indicator in a
 * jurisdiction, or a task/milestone (its plan's jurisdiction). Exactly one of indicator_id and task_id
 * is set (20261202T1200).
 */
export interface ReportingPeriodsTable {
  indicator_id: number | null
  task_id: ColumnType<number | null, number | null | undefined, number | null>
  jurisdiction_code: string
  period_key: string
  period_end: string
  due_date: string
  department_id: number | null
  first_reported_at: Date | null
  state: ReportingState
  reminded_at: Date | null
  locked_at: Date | null
}
export type ReportingPeriodRow = Selectable<ReportingPeriodsTable>
