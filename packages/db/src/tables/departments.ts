import type { ColumnType, Generated, Selectable } from 'kysely'

export interface DepartmentsTable {
  id: Generated<number>
  jurisdiction_code: string
  key: string
  name: string
  full_name: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type DepartmentRow = Selectable<DepartmentsTable>
