import type { ColumnType, Generated, Selectable } from 'kysely'
import type { DepartmentRole, TaskStage } from '@cockpit/contracts'

/**
 * One revision of a department's progress report on a task or milestone for a period (20261202T1100).
 * The newest id of a (task, department, period) is the one in force; older ones are its history.
 */
export interface TaskProgressTable {
  /** bigint identity (the driver parses int8 as a number): the revision order. */
  id: Generated<number>
  task_id: number
  department_id: number
  role: DepartmentRole
  period_key: string
  period_end: string
  stage: TaskStage
  percent: number | null
  progress: string
  problems: string | null
  next_steps: string | null
  /** Required for delayed and suspended (a check constraint too). */
  reason: string | null
  user_id: number | null
  token_id: number | null
  idempotency_scope: string | null
  idempotency_key: string | null
  request_hash: string | null
  /** The product clock. */
  reported_at: Date
  /** 'import': loaded by an administrator's history import (20261202T1500); else a department's own report. */
  source: ColumnType<'report' | 'import', 'report' | 'import' | undefined, never>
  created_at: ColumnType<Date, never, never>
}
export type TaskProgressRow = Selectable<TaskProgressTable>

export interface TaskProgressEvidenceTable {
  progress_id: number
  evidence_id: string
}
