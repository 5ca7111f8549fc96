import type { Selectable } from 'kysely'
import type { DepartmentRole } from '@cockpit/contracts'

export interface IndicatorDepartmentsTable {
  indicator_id: number
  department_id: number
  role: DepartmentRole
}
export type IndicatorDepartmentRow = Selectable<IndicatorDepartmentsTable>
