import type { Database } from '@cockpit/db'
import type { Insertable } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import { newSecret } from '../kernel/secrets.js'

/** What every API token (a department's or a display key) starts with, so a bearer is recognised before lookup. */
export const TOKEN_PREFIX = 'csk'

/**
 * Issues an api_tokens row (a department's token or a display key) and audits it in one transaction:
 * the secret is returned once, only its hash is stored, and the audit row names its display prefix.
 */
export async function issueToken(
  ctx: ServiceContext,
  values: Omit<Insertable<Database['api_tokens']>, 'token_prefix' | 'token_hash' | 'created_by'>,
  action: string,
  after: Record<string, unknown>,
): Promise<{ id: number; prefix: string; secret: string }> {
  const s = newSecret(TOKEN_PREFIX)
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({ ...values, token_prefix: s.display, token_hash: s.hash, created_by: ctx.principal.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      ctx.principal,
      { action, entity: 'api_token', entityId: row.id, after: { ...after, prefix: s.display } },
      ctx.requestId,
    )
    return { id: row.id, prefix: s.display, secret: s.secret }
  })
}

/** Marks an api_tokens row revoked now and audits it; the caller has checked it may and that it was not revoked. */
export async function revokeToken(ctx: ServiceContext, id: number, action: string): Promise<void> {
  const { now } = ctx
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute()
    await audit(
      trx,
      ctx.principal,
      {
        action,
        entity: 'api_token',
        entityId: id,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      },
      ctx.requestId,
    )
  })
}
