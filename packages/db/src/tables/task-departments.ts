import type { Selectable } from 'kysely'
import type { DepartmentRole } from '@cockpit/contracts'

export interface TaskDepartmentsTable {
  task_id: number
  department_id: number
  role: DepartmentRole
}
export type TaskDepartmentRow = Selectable<TaskDepartmentsTable>
