import type { ColumnType, Generated, Selectable } from 'kysely'

/**
 * Keys waiting for the coalesced status recompute (20261202T1800): element n of the three arrays is one
 * (indicator, jurisdiction, period) whose values in force changed; one row per submission.
 */
export interface StatusMarksTable {
  id: Generated<string>
  indicator_ids: number[]
  jurisdiction_codes: string[]
  period_keys: string[]
  /** The submission whose ingest wrote the mark (its view says when its statuses are current). */
  submission_id: string | null
  marked_at: ColumnType<Date, Date | string | undefined, never>
}
export type StatusMarkRow = Selectable<StatusMarksTable>
