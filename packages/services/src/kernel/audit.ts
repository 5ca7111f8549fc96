import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { Principal } from './principal.js'

export interface AuditEntry {
  action: string
  entity: string
  entityId: string | number
  before?: unknown
  after?: unknown
}

/** Appends to the audit log (who, when, what, old → new); call inside the same transaction as the change. */
export async function audit(
  db: Kysely<Database>,
  actor: Principal | null,
  entry: AuditEntry,
  requestId: string | null = null,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: actor?.userId ?? null,
      actor_token_id: actor?.tokenId ?? null,
      actor_label: actor?.label ?? 'system',
      action: entry.action,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: requestId,
    })
    .execute()
}
