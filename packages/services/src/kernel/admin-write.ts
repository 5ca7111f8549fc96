import type { Database } from '@cockpit/db'
import type { Transaction } from 'kysely'
import { assertAdmin } from './admin-guards.js'
import { type AuditEntry, audit } from './audit.js'
import type { ServiceContext } from './context.js'

/** A service context whose `db` is the open transaction of the write. */
export type TxContext = ServiceContext & { db: Transaction<Database> }

/**
 * What every catalog admin write starts with: the role checked again (no caller can skip the route's gate),
 * then one transaction, handed to the work as itself and as the context the work runs with.
 */
export async function adminTransaction<T>(
  ctx: ServiceContext,
  work: (trx: Transaction<Database>, tx: TxContext) => Promise<T>,
): Promise<T> {
  assertAdmin(ctx.principal)
  return ctx.db.transaction().execute((trx) => work(trx, { ...ctx, db: trx }))
}

/** The audit row of a write, for the context's caller and request, in the context's transaction. */
export const auditWrite = (ctx: ServiceContext, entry: AuditEntry): Promise<void> =>
  audit(ctx.db, ctx.principal, entry, ctx.requestId)
