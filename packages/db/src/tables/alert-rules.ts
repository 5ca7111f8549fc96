import type { ColumnType, Generated, Selectable } from 'kysely'

export type AlertRuleKind =
  | 'below-path'
  | 'forecast-miss'
  | 'binding-off-track'
  | 'missing-report'
  | 'sudden-change'
  | 'target-reached'
  | 'milestone-overdue'
  | 'milestone-at-risk'
  | 'task-report-missing'
export type Severity = 'critical' | 'warning' | 'info'

export interface AlertRulesTable {
  id: Generated<number>
  name: string
  kind: AlertRuleKind
  severity: Severity
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  indicator_id: number | null
  pillar_id: number | null
  plan_id: number | null
  jurisdiction_code: string | null
  include_descendants: ColumnType<boolean, boolean | undefined, boolean>
  binding_only: ColumnType<boolean, boolean | undefined, boolean>
  /** Kind-specific thresholds (validated by the contracts' AlertRuleParams). */
  params: ColumnType<Record<string, unknown>, string, string>
  for_seconds: ColumnType<number, number | undefined, number>
  for_periods: ColumnType<number, number | undefined, number>
  keep_firing_seconds: ColumnType<number, number | undefined, number>
  no_data: ColumnType<
    'nodata' | 'keep' | 'ok' | 'alerting',
    'nodata' | 'keep' | 'ok' | 'alerting' | undefined,
    'nodata' | 'keep' | 'ok' | 'alerting'
  >
  group_wait_seconds: ColumnType<number, number | undefined, number>
  group_interval_seconds: ColumnType<number, number | undefined, number>
  repeat_interval_seconds: ColumnType<number, number | undefined, number>
  escalate_after_seconds: number | null
  created_by: number | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type AlertRuleRow = Selectable<AlertRulesTable>
