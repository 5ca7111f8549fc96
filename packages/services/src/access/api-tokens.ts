import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { expandJurisdictions } from '../kernel/jurisdictions.js'
import type { Principal } from '../kernel/principal.js'
import { sha256 } from '../kernel/secrets.js'
import { issueToken, revokeToken, TOKEN_PREFIX } from './token-rows.js'

export { TOKEN_PREFIX }

/** How fresh a token's 最近使用 time is kept. */
export const LAST_USED_RESOLUTION_MS = 60_000

export interface CreatedToken {
  id: number
  departmentId: number
  name: string
  prefix: string
  /** Shown once; only its hash is kept. */
  token: string
}

/** Admins issue tokens for any department; a reporter only for their own. */
export async function createApiToken(
  ctx: ServiceContext,
  input: { departmentId: number; name: string },
): Promise<CreatedToken> {
  const { db, principal } = ctx
  if (!(principal.role === 'admin' || (principal.role === 'reporter' && principal.departmentId === input.departmentId)))
    throw forbidden('只有管理员或本单位填报员可以为该单位创建接口令牌')
  const dept = await db.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst()
  if (!dept) throw notFound(`部门 ${input.departmentId} `)
  const t = await issueToken(ctx, { department_id: input.departmentId, name: input.name }, 'token.create', {
    departmentId: input.departmentId,
    name: input.name,
  })
  return { id: t.id, departmentId: input.departmentId, name: input.name, prefix: t.prefix, token: t.secret }
}

export async function revokeApiToken(ctx: ServiceContext, tokenId: number): Promise<void> {
  const { db, principal } = ctx
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst()
  if (!row) throw notFound(`接口令牌 ${tokenId} `)
  if (!(principal.role === 'admin' || (principal.role === 'reporter' && principal.departmentId === row.department_id)))
    throw forbidden('无权吊销该接口令牌')
  if (row.revoked_at) return
  await revokeToken(ctx, tokenId, 'token.revoke')
}

/**
 * The token's principal, or null when unknown or revoked: a department's reporter, or for a display key
 * a viewer scoped to its jurisdiction and everything below it.
 */
export async function resolveApiToken(db: Kysely<Database>, token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`)) return null
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'department_id', 'jurisdiction_code', 'token_prefix', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  // Written at most once a minute per token: a wall polls many times a second, and an UPDATE per request made
  // every caller of one key queue on its row lock (the read bench's 100 connections of one display key).
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS)
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<=', new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
        ]),
      )
      .execute()
  const label = `token:${row.token_prefix}…`
  if (row.role === 'viewer') {
    // A display key without a jurisdiction cannot exist (check constraint); an empty scope would read everything.
    if (!row.jurisdiction_code) return null
    return {
      kind: 'token',
      userId: null,
      tokenId: row.id,
      role: 'viewer',
      departmentId: null,
      jurisdictions: await expandJurisdictions(db, [row.jurisdiction_code]),
      label,
    }
  }
  return {
    kind: 'token',
    userId: null,
    tokenId: row.id,
    role: 'reporter',
    departmentId: row.department_id,
    jurisdictions: [],
    label,
  }
}

/** Tokens without their secrets: admins see every department's (or one's), a reporter only their own department's. */
export async function listApiTokens(
  ctx: ServiceContext,
  filter: { departmentId?: number | undefined; revoked?: boolean | undefined } = {},
) {
  const { db, principal } = ctx
  if (principal.role !== 'admin' && !(principal.role === 'reporter' && principal.departmentId !== null))
    throw forbidden('只有管理员或填报员可以查看接口令牌')
  // Department tokens only: display keys (viewer, no department) have their own list.
  let q = db
    .selectFrom('api_tokens')
    .select(['id', 'department_id', 'name', 'token_prefix', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('role', '=', 'reporter')
    .where('department_id', 'is not', null)
    .$narrowType<{ department_id: number }>()
  if (principal.role !== 'admin') q = q.where('department_id', '=', principal.departmentId!)
  if (filter.departmentId !== undefined) q = q.where('department_id', '=', filter.departmentId)
  if (filter.revoked !== undefined) q = q.where('revoked_at', filter.revoked ? 'is not' : 'is', null)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.department_id,
    name: r.name,
    prefix: r.token_prefix,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }))
}
