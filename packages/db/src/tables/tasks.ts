import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Cadence, TaskKind } from '@cockpit/contracts'

export interface TasksTable {
  id: Generated<number>
  plan_id: number
  key: string
  kind: TaskKind
  number: string | null
  title: string
  description: string | null
  pillar_id: number | null
  parent_id: number | null
  indicator_id: number | null
  due_date: string | null
  /** Written only by a manager's approval of a completion claim (销号), cleared by a reopen; the seeds never set it. */
  completed_on: string | null
  /** Overrides the plan's task_report_cadence; null follows the plan (20261202T1100). */
  report_cadence: ColumnType<Cadence | null, Cadence | null | undefined, Cadence | null>
  position: number
  cite_section: string
  cite_quote: string
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type TaskRow = Selectable<TasksTable>
