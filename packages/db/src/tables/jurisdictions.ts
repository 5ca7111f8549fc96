import type { ColumnType, Selectable } from 'kysely'
import type { JurisdictionLevel } from '@cockpit/contracts'

export interface JurisdictionsTable {
  code: string
  name: string
  level: JurisdictionLevel
  parent_code: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type JurisdictionRow = Selectable<JurisdictionsTable>
