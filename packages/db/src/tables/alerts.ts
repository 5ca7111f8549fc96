import type { ColumnType, Generated, Selectable } from 'kysely'

export interface AlertsTable {
  id: Generated<string>
  fingerprint: string
  episode: number
  rule_id: number
  /** The subject: exactly one of indicator_id and task_id (20261202T1200). */
  indicator_id: number | null
  task_id: ColumnType<number | null, number | null | undefined, number | null>
  jurisdiction_code: string
  severity: 'critical' | 'warning' | 'info'
  state: 'firing' | 'resolved'
  summary: string
  values: ColumnType<Record<string, unknown>, string, string>
  started_at: Date
  resolved_at: Date | null
  acknowledged_at: Date | null
  acknowledged_by: number | null
  assigned_to: number | null
  escalated_at: Date | null
  last_notified_at: Date | null
}
export type AlertRow = Selectable<AlertsTable>

export interface AlertTransitionsTable {
  id: Generated<string>
  fingerprint: string
  rule_id: number
  indicator_id: number | null
  task_id: ColumnType<number | null, number | null | undefined, number | null>
  jurisdiction_code: string
  alert_id: string | null
  from_state: string
  to_state: string
  values: ColumnType<Record<string, unknown>, string, string>
  at: Date
}
export type AlertTransitionRow = Selectable<AlertTransitionsTable>

export interface AlertNotesTable {
  id: Generated<string>
  alert_id: string
  author_id: number | null
  action: string
  body: string | null
  created_at: ColumnType<Date, never, never>
}
