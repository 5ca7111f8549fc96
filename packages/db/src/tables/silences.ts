import type { ColumnType, Generated, Selectable } from 'kysely'

export interface SilenceMatchers {
  ruleId?: number
  indicatorId?: number
  taskId?: number
  jurisdictionCode?: string
  severity?: 'critical' | 'warning' | 'info'
  kind?: string
}

export interface SilencesTable {
  id: Generated<number>
  matchers: ColumnType<SilenceMatchers, string, string>
  starts_at: Date
  ends_at: Date
  reason: string
  created_by: number | null
  created_at: ColumnType<Date, never, never>
}
export type SilenceRow = Selectable<SilencesTable>
