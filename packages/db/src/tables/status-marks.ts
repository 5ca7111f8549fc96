import type { ColumnType, Generated, Selectable } from 'kysely'

/** A pair whose roll-ups and status wait for the coalesced recompute (20261202T1800), with the periods that changed. */
export interface StatusMarksTable {
  id: Generated<string>
  indicator_id: number
  jurisdiction_code: string
  period_keys: string[]
  /** The submission whose ingest wrote the mark (its view says when its statuses are current). */
  submission_id: string | null
  marked_at: ColumnType<Date, Date | string | undefined, never>
}
export type StatusMarkRow = Selectable<StatusMarksTable>
