import type { ColumnType, Generated, Selectable } from 'kysely'

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<string>
  at: ColumnType<Date, never, never>
  actor_user_id: number | null
  actor_token_id: number | null
  actor_label: string
  action: string
  entity: string
  entity_id: string
  before: unknown | null
  after: unknown | null
  request_id: string | null
}
export type AuditLogRow = Selectable<AuditLogTable>
