import type { ColumnType, Selectable } from 'kysely'
import type { IndicatorStatus } from '@cockpit/contracts'

/** Kept, not recomputed per request: screens read it at national scale. */
export interface IndicatorStatusTable {
  indicator_id: number
  jurisdiction_code: string
  status: IndicatorStatus
  as_of: string
  latest_value: number | null
  latest_period_key: string | null
  latest_period_end: string | null
  expected: number | null
  gap: number | null
  gap_ratio: number | null
  time_progress: number | null
  completion: number | null
  forecast: number | null
  forecast_meets: boolean | null
  reason: string
  observation_count: number
  computed_at: ColumnType<Date, Date | undefined, Date>
  status_since: ColumnType<Date, Date | undefined, Date>
}
export type IndicatorStatusRow = Selectable<IndicatorStatusTable>
