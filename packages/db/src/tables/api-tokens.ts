import type { ColumnType, Generated, Selectable } from 'kysely'

export interface ApiTokensTable {
  id: Generated<number>
  /** `reporter`: a department's token; `viewer`: a wall screen's display key (read-only, one jurisdiction). */
  role: ColumnType<'reporter' | 'viewer', 'reporter' | 'viewer' | undefined, never>
  /** Set for reporter tokens, null for display keys. */
  department_id: number | null
  /** Set for display keys (the key sees this jurisdiction and its descendants), null for reporter tokens. */
  jurisdiction_code: ColumnType<string | null, string | null | undefined, never>
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
