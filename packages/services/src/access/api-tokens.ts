import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { expandJurisdictions } from '../kernel/jurisdictions.js'
import type { Principal } from '../kernel/principal.js'
import { newSecret, sha256 } from '../kernel/secrets.js'

export const TOKEN_PREFIX = 'csk'

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
  db: Kysely<Database>,
  actor: Principal,
  input: { departmentId: number; name: string },
  requestId?: string,
): Promise<CreatedToken> {
  if (!(actor.role === 'admin' || (actor.role === 'reporter' && actor.departmentId === input.departmentId)))
    throw forbidden('只有管理员或本单位填报员可以为该单位创建接口令牌')
  const dept = await db.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst()
  if (!dept) throw notFound(`部门 ${input.departmentId} `)
  const s = newSecret(TOKEN_PREFIX)
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        department_id: input.departmentId,
        name: input.name,
        token_prefix: s.display,
        token_hash: s.hash,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'token.create',
        entity: 'api_token',
        entityId: row.id,
        after: { departmentId: input.departmentId, name: input.name, prefix: s.display },
      },
      requestId,
    )
    return { id: row.id, departmentId: input.departmentId, name: input.name, prefix: s.display, token: s.secret }
  })
}

export async function revokeApiToken(
  db: Kysely<Database>,
  actor: Principal,
  tokenId: number,
  now: Date,
  requestId?: string,
): Promise<void> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst()
  if (!row) throw notFound(`接口令牌 ${tokenId} `)
  if (!(actor.role === 'admin' || (actor.role === 'reporter' && actor.departmentId === row.department_id)))
    throw forbidden('无权吊销该接口令牌')
  if (row.revoked_at) return
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute()
    await audit(
      trx,
      actor,
      {
        action: 'token.revoke',
        entity: 'api_token',
        entityId: tokenId,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      },
      requestId,
    )
  })
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
  db: Kysely<Database>,
  actor: Principal,
  filter: { departmentId?: number | undefined; revoked?: boolean | undefined } = {},
) {
  if (actor.role !== 'admin' && !(actor.role === 'reporter' && actor.departmentId !== null))
    throw forbidden('只有管理员或填报员可以查看接口令牌')
  // Department tokens only: display keys (viewer, no department) have their own list.
  let q = db
    .selectFrom('api_tokens')
    .select(['id', 'department_id', 'name', 'token_prefix', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('role', '=', 'reporter')
    .where('department_id', 'is not', null)
    .$narrowType<{ department_id: number }>()
  if (actor.role !== 'admin') q = q.where('department_id', '=', actor.departmentId!)
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
