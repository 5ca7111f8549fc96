import type { ColumnType, Generated, Selectable } from 'kysely'

export type ObservationSource = 'api' | 'upload' | 'form' | 'pull' | 'rollup'

/** One revision of an indicator's value for a period; the newest (reported_at, id) counts. */
export interface ObservationsTable {
  id: Generated<string>
  indicator_id: number
  jurisdiction_code: string
  period_key: string
  period_end: string
  value: number
  submission_id: string | null
  item_seq: number | null
  source: ObservationSource
  department_id: number | null
  user_id: number | null
  token_id: number | null
  note: string | null
  reason: string | null
  reported_at: Date
  created_at: ColumnType<Date, never, never>
}
export type ObservationRow = Selectable<ObservationsTable>
