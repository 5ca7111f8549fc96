import type { ColumnType, Generated, Selectable } from 'kysely'
import type { TaskKind } from '@cockpit/contracts'

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
  /** Set when the owner reports it done; the seeds never set it. */
  completed_on: string | null
  position: number
  cite_section: string
  cite_quote: string
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type TaskRow = Selectable<TasksTable>
