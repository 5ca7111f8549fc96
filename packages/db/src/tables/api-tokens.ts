import type { ColumnType, Generated, Selectable } from 'kysely'

export interface ApiTokensTable {
  id: Generated<number>
  department_id: number
  name: string
  /** The first characters, shown in lists so people can tell tokens apart. */
  token_prefix: string
  token_hash: string
  created_by: number | null
  created_at: ColumnType<Date, never, never>
  last_used_at: Date | null
  revoked_at: Date | null
}
export type ApiTokenRow = Selectable<ApiTokensTable>
