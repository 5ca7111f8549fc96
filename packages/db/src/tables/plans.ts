import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Cadence } from '@cockpit/contracts'

export interface PlansTable {
  id: Generated<number>
  key: string
  jurisdiction_code: string
  title: string
  doc_number: string | null
  issuer: string
  /** ISO date string: date columns are parsed as text so no time zone shifts them. */
  issued_on: string
  start_year: number
  end_year: number
  vision_year: number | null
  /** How often the plan's tasks and milestones are reported (20261202T1100). */
  task_report_cadence: ColumnType<Cadence, Cadence | undefined, Cadence>
  source_file: string
  cite_section: string
  cite_quote: string
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type PlanRow = Selectable<PlansTable>
