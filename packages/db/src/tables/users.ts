import type { ColumnType, Generated, Selectable } from 'kysely'

export type Role = 'admin' | 'manager' | 'reporter' | 'viewer'

export interface UsersTable {
  id: Generated<number>
  username: string
  display_name: string
  /** scrypt$N$r$p$salt$hash — never the password itself. */
  password_hash: string
  role: Role
  department_id: number | null
  disabled_at: Date | null
  /** For @mentions in DingTalk/WeCom group robots. */
  mobile: ColumnType<string | null, string | null | undefined, string | null>
  email: ColumnType<string | null, string | null | undefined, string | null>
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}
export type UserRow = Selectable<UsersTable>
