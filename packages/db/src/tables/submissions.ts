import type { ColumnType, Generated, Selectable } from 'kysely'

/** 'import': an administrator's history import (20261202T1500): its periods count as reported on time. */
export type SubmissionChannel = 'api' | 'upload' | 'form' | 'pull' | 'import'
export type SubmissionState = 'received' | 'processing' | 'processed' | 'failed'
export interface SubmissionErrorItem {
  row: number
  column: string | null
  code: string
  message: string
  /** The worksheet of a row outside the main sheet (任务进展); absent for the main sheet and JSON items. */
  sheet?: string
}

/** What a department sent, exactly as received, and how processing went. */
export interface SubmissionsTable {
  id: Generated<string>
  channel: SubmissionChannel
  department_id: number | null
  user_id: number | null
  token_id: number | null
  idempotency_scope: string | null
  idempotency_key: string | null
  request_hash: string | null
  payload: unknown | null
  file: Uint8Array | null
  file_name: string | null
  file_type: string | null
  all_or_nothing: ColumnType<boolean, boolean | undefined, boolean>
  state: ColumnType<SubmissionState, SubmissionState | undefined, SubmissionState>
  item_count: ColumnType<number, number | undefined, number>
  accepted_count: ColumnType<number, number | undefined, number>
  unchanged_count: ColumnType<number, number | undefined, number>
  rejected_count: ColumnType<number, number | undefined, number>
  errors: ColumnType<SubmissionErrorItem[], string | undefined, string>
  attempts: ColumnType<number, number | undefined, number>
  last_error: string | null
  /** Order of receipt from revision_seq, given at insert; its observations carry it (which revision is newest). */
  revision: ColumnType<number, never, never>
  /** The product clock's instant of receipt (due dates, on-time marking). */
  received_at: ColumnType<Date, Date | undefined, never>
  /** The database's own clock: how long a submission has really waited (the sweeper). */
  created_at: ColumnType<Date, never, never>
  processed_at: Date | null
}
export type SubmissionRow = Selectable<SubmissionsTable>
