import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Cadence, Direction, IndicatorNature, Measure } from '@cockpit/contracts'

export interface IndicatorsTable {
  id: Generated<number>
  plan_id: number
  key: string
  jurisdiction_code: string
  pillar_id: number | null
  name: string
  unit: string
  measure: Measure
  direction: Direction
  nature: IndicatorNature
  cadence: Cadence
  baseline_year: number | null
  baseline_value: number | null
  baseline_cite_section: string | null
  baseline_cite_quote: string | null
  cite_section: string
  cite_quote: string
  note: string | null
  position: number
  /** Reported values count only once a manager approves them (20261122T2130). */
  requires_review: ColumnType<boolean, boolean | undefined, boolean>
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type IndicatorRow = Selectable<IndicatorsTable>
