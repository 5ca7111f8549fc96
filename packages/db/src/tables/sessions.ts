import type { ColumnType, Selectable } from 'kysely'

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked table does not yield usable sessions. */
  token_hash: string
  user_id: number
  csrf_token: string
  created_at: ColumnType<Date, never, never>
  expires_at: Date
}
export type SessionRow = Selectable<SessionsTable>
