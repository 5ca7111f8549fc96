import type { ColumnType, Generated, Selectable } from 'kysely'

export interface DepartmentsTable {
  id: Generated<number>
  jurisdiction_code: string
  key: string
  name: string
  full_name: string | null
  /** Mobiles of the people to @ when the department's indicators alert. */
  contact_mobiles: ColumnType<string[], string[] | undefined, string[]>
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type DepartmentRow = Selectable<DepartmentsTable>
