import type { Selectable } from 'kysely'

/** open → due-soon → overdue → missing while unreported; reported-on-time / reported-late once reported. */
export type ReportingState = 'open' | 'due-soon' | 'overdue' | 'missing' | 'reported-on-time' | 'reported-late'

/** What the lead department owes for one indicator, jurisdiction and period, and how it went. */
export interface ReportingPeriodsTable {
  indicator_id: number
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
