import type { ColumnType, Selectable } from 'kysely'

export interface AlertInstancesTable {
  rule_id: number
  indicator_id: number
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
