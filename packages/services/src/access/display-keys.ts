import type { CreatedDisplayKey, DisplayKey } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { TOKEN_PREFIX } from './api-tokens.js'
import type { Principal } from '../kernel/principal.js'
import { newSecret } from '../kernel/secrets.js'

const onlyAdmins = (actor: Principal) => {
  if (actor.role !== 'admin') throw forbidden('只有管理员可以管理大屏显示密钥')
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
  db: Kysely<Database>,
  actor: Principal,
  input: { jurisdictionCode: string; name: string },
  requestId?: string,
): Promise<CreatedDisplayKey> {
  onlyAdmins(actor)
  const j = await db
    .selectFrom('jurisdictions')
    .select('code')
    .where('code', '=', input.jurisdictionCode)
    .executeTakeFirst()
  if (!j) throw notFound(`行政区划 ${input.jurisdictionCode} `)
  const s = newSecret(TOKEN_PREFIX)
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        role: 'viewer',
        department_id: null,
        jurisdiction_code: input.jurisdictionCode,
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
        action: 'display-key.create',
        entity: 'api_token',
        entityId: row.id,
        after: { jurisdictionCode: input.jurisdictionCode, name: input.name, prefix: s.display },
      },
      requestId,
    )
    return row.id
  })
  const created = await displayKeys(db).where('t.id', '=', id).executeTakeFirstOrThrow()
  return { ...toDisplayKey(created), token: s.secret }
}

export async function listDisplayKeys(db: Kysely<Database>, actor: Principal): Promise<DisplayKey[]> {
  onlyAdmins(actor)
  return (await displayKeys(db).orderBy('t.id').execute()).map(toDisplayKey)
}

/** Revoking takes effect on the key's next request, the SSE stream's included (it is checked at connect). */
export async function revokeDisplayKey(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  now: Date,
  requestId?: string,
): Promise<void> {
  onlyAdmins(actor)
  const row = await displayKeys(db).where('t.id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`显示密钥 ${id} `)
  if (row.revoked_at) return
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute()
    await audit(
      trx,
      actor,
      {
        action: 'display-key.revoke',
        entity: 'api_token',
        entityId: id,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      },
      requestId,
    )
  })
}
