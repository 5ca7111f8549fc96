import type { ColumnType, Selectable } from 'kysely'

export interface AlertInstancesTable {
  rule_id: number
  /** The subject: exactly one of indicator_id and task_id (20261202T1200). */
  indicator_id: number | null
  task_id: ColumnType<number | null, number | null | undefined, number | null>
  jurisdiction_code: string
  fingerprint: string
  state: 'normal' | 'pending' | 'firing' | 'recovering' | 'nodata' | 'error'
  /** The state machine's AlertMemory from @cockpit/domain. */
  memory: ColumnType<unknown, string, string>
  current_alert_id: string | null
  last_values: ColumnType<unknown, string | null, string | null>
  last_evaluated_at: ColumnType<Date, Date | undefined, Date>
}
export type AlertInstanceRow = Selectable<AlertInstancesTable>
