import type { ColumnType, Generated, Selectable } from 'kysely'

/** pending: waits for a manager (销号); approved: tasks.completed_on = claimed_on; returned: with a comment; reopened: approval withdrawn. */
export type TaskCompletionState = 'pending' | 'approved' | 'returned' | 'reopened'

/** The lead department's claim that a task or milestone is complete, and its verification (20261202T1100). */
export interface TaskCompletionsTable {
  id: Generated<number>
  task_id: number
  department_id: number
  claimed_on: string
  note: string | null
  state: ColumnType<TaskCompletionState, TaskCompletionState | undefined, TaskCompletionState>
  user_id: number | null
  token_id: number | null
  idempotency_scope: string | null
  idempotency_key: string | null
  request_hash: string | null
  /** The product clock. */
  claimed_at: Date
  /** 'import': loaded by an administrator's history import (20261202T1500); else a department's own report. */
  source: ColumnType<'report' | 'import', 'report' | 'import' | undefined, never>
  decided_by: number | null
  decided_at: Date | null
  decision_comment: string | null
  reopen_reason: string | null
  reopened_by: number | null
  reopened_at: Date | null
  created_at: ColumnType<Date, never, never>
}
export type TaskCompletionRow = Selectable<TaskCompletionsTable>

export interface TaskCompletionEvidenceTable {
  completion_id: number
  evidence_id: string
}
