import type { ColumnType, Selectable } from 'kysely'

export type RollupRuleColumn = 'sum' | 'mean' | 'weighted-mean' | 'min' | 'max' | 'share-meeting'

/** How an indicator's value for a parent jurisdiction is derived from its direct children's (20261202T1700). */
export interface IndicatorRollupsTable {
  indicator_id: number
  rule: RollupRuleColumn
  /** weighted-mean only: the indicator whose value per child is the weight (上云率 weighted by 系统数). */
  weight_indicator_id: number | null
  /** numeric: node-postgres returns it as text, so read it through Number(). */
  min_coverage: ColumnType<number | string, number | undefined, number>
  /** 'derived': the parent's own reports are refused; 'reported': the parent's own report in force wins. */
  own_value: ColumnType<'derived' | 'reported', 'derived' | 'reported' | undefined, 'derived' | 'reported'>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type IndicatorRollupRow = Selectable<IndicatorRollupsTable>

/** One child value a roll-up observation was computed from. */
export interface RollupChildSource {
  code: string
  observationId: string
  revision: number
  value: number
  weight?: number
}

/** What a rolled-up observation was computed from, and whether enough children had reported to count. */
export interface RollupProvenanceTable {
  observation_id: string
  children: ColumnType<RollupChildSource[], string, string>
  reported: number
  expected: number
  complete: boolean
}
export type RollupProvenanceRow = Selectable<RollupProvenanceTable>
