import type { ColumnType, Selectable } from 'kysely'
import type { JurisdictionLevel } from '@cockpit/contracts'

export interface JurisdictionsTable {
  code: string
  name: string
  level: JurisdictionLevel
  parent_code: string | null
  /** Set when the code package no longer lists the code (撤县设区); the row stays for its history. */
  retired_at: Date | null
  /** Brought in by the seed loader from the code package (only such rows are retired when it drops them). */
  from_package: ColumnType<boolean, boolean | undefined, boolean>
  /** The place's own indicators and plans, kept by statement triggers (20261203T1000); never written by the app. */
  indicator_count: ColumnType<number, never, never>
  plan_count: ColumnType<number, never, never>
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type JurisdictionRow = Selectable<JurisdictionsTable>
