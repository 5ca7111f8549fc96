import type { CreatedDisplayKey, DisplayKey } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { forbidden, notFound } from '../kernel/errors.js'
import type { Principal } from '../kernel/principal.js'
import { issueToken, revokeToken } from './token-rows.js'

const onlyAdmins = (principal: Principal) => {
  if (principal.role !== 'admin') throw forbidden('只有管理员可以管理大屏显示密钥')
}

function displayKeys(db: Kysely<Database>) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('jurisdictions as j', 'j.code', 't.jurisdiction_code')
    .select([
      't.id',
      't.name',
      't.token_prefix',
      't.jurisdiction_code',
      'j.name as jurisdiction_name',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
    ])
    .where('t.role', '=', 'viewer')
}
type Row = Awaited<ReturnType<ReturnType<typeof displayKeys>['executeTakeFirstOrThrow']>>
const toDisplayKey = (r: Row): DisplayKey => ({
  id: r.id,
  name: r.name,
  prefix: r.token_prefix,
  jurisdictionCode: r.jurisdiction_code!,
  jurisdictionName: r.jurisdiction_name,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
})

/**
 * A wall screen's display key: a read-only (viewer) API token scoped to one jurisdiction and everything
 * below it, for screens that have no keyboard to log in with. The key is returned once; only its hash is kept.
 */
export async function createDisplayKey(
  ctx: ServiceContext,
  input: { jurisdictionCode: string; name: string },
): Promise<CreatedDisplayKey> {
  const { db, principal } = ctx
  onlyAdmins(principal)
  const j = await db
    .selectFrom('jurisdictions')
    .select('code')
    .where('code', '=', input.jurisdictionCode)
    .executeTakeFirst()
  if (!j) throw notFound(`行政区划 ${input.jurisdictionCode} `)
  const t = await issueToken(
    ctx,
    { role: 'viewer', department_id: null, jurisdiction_code: input.jurisdictionCode, name: input.name },
    'display-key.create',
    { jurisdictionCode: input.jurisdictionCode, name: input.name },
  )
  const created = await displayKeys(db).where('t.id', '=', t.id).executeTakeFirstOrThrow()
  return { ...toDisplayKey(created), token: t.secret }
}

export async function listDisplayKeys(ctx: ServiceContext): Promise<DisplayKey[]> {
  onlyAdmins(ctx.principal)
  return (await displayKeys(ctx.db).orderBy('t.id').execute()).map(toDisplayKey)
}

/** Revoking takes effect on the key's next request, the SSE stream's included (it is checked at connect). */
export async function revokeDisplayKey(ctx: ServiceContext, id: number): Promise<void> {
  onlyAdmins(ctx.principal)
  const row = await displayKeys(ctx.db).where('t.id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`显示密钥 ${id} `)
  if (row.revoked_at) return
  await revokeToken(ctx, id, 'display-key.revoke')
}
