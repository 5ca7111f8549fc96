import type { ColumnType, Generated, Selectable } from 'kysely'

export type ObservationSource = 'api' | 'upload' | 'form' | 'pull' | 'rollup' | 'import'
/** none and approved count; pending waits for a manager; returned never counts (20261122T2130). */
export type ReviewState = 'none' | 'pending' | 'approved' | 'returned'

/**
 * One revision of an indicator's value for a period; the highest (revision, id) that counts (review_state
 * none/approved) is in force. `revision` is the order of receipt (a sequence, 20261202T1000), never the
 * product clock; `reported_at` is the product-clock time shown to users and used for on-time reporting.
 */
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
  /** Order of receipt: the submission's revision for ingested values, else the next from revision_seq. */
  revision: ColumnType<number, number | undefined, never>
  review_state: ColumnType<ReviewState, ReviewState | undefined, ReviewState>
  reviewed_at: Date | null
  reviewed_by: number | null
  review_comment: string | null
  /** The evidence file (佐证材料) the item named, if any (20261122T2200). */
  evidence_id: ColumnType<string | null, string | null | undefined, string | null>
  created_at: ColumnType<Date, never, never>
}
export type ObservationRow = Selectable<ObservationsTable>
