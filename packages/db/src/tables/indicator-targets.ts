import type { Generated, Selectable } from 'kysely'
import type { Comparator } from '@cockpit/contracts'

export interface IndicatorTargetsTable {
  id: Generated<number>
  indicator_id: number
  year: number
  due_date: string
  comparator: Comparator
  value: number
  value_max: number | null
  cite_section: string | null
  cite_quote: string | null
}
export type IndicatorTargetRow = Selectable<IndicatorTargetsTable>
