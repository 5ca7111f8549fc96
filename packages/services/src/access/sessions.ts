import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import { forbidden, unauthorized } from '../kernel/errors.js'
import { expandJurisdictions } from '../kernel/jurisdictions.js'
import { claimAttempt, forgetSuccess } from './login-throttle.js'
import type { ClockContext, ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { newSecret, sha256, verifyPassword } from '../kernel/secrets.js'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

// Verifying against a real hash when the user does not exist keeps response times alike, so a
// stranger cannot learn which usernames exist by timing the login.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export async function principalForUser(db: Kysely<Database>, userId: number): Promise<Principal | null> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  if (!user) return null
  // Managers and viewers are scoped by jurisdiction; the scope holds the descendants too, so every check
  // is a plain membership test.
  const jurisdictions =
    user.role === 'manager' || user.role === 'viewer'
      ? await expandJurisdictions(
          db,
          (
            await db
              .selectFrom('user_jurisdictions')
              .select('jurisdiction_code')
              .where('user_id', '=', user.id)
              .execute()
          ).map((r) => r.jurisdiction_code),
        )
      : []
  return {
    kind: 'user',
    userId: user.id,
    tokenId: null,
    role: user.role,
    departmentId: user.department_id,
    jurisdictions,
    label: `user:${user.username}`,
  }
}

/**
 * Signs a user in. Attempts are throttled per account and per client address (login-throttle.ts): a
 * refused attempt answers 429 saying when to retry, before the password is even checked, so the right
 * password does not open a locked account either. A lockout is audited.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string },
  ctx: ClockContext & { address?: string | null },
): Promise<{ sessionToken: string; csrfToken: string; expiresAt: Date; principal: Principal }> {
  const username = input.username.toLowerCase()
  const keys = { account: username.slice(0, 200), address: ctx.address ?? null }
  const claimed = await claimAttempt(db, keys, ctx.now)
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst()
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH)
  const principal = user && ok && !user.disabled_at ? await principalForUser(db, user.id) : null
  if (!user || !principal) {
    for (const lock of claimed.lockedNow) {
      const onUser = lock.scope === 'account' && user
      await audit(
        db,
        null,
        {
          action: 'login.lockout',
          entity: onUser ? 'user' : 'login',
          entityId: onUser ? user.id : lock.key,
          after: { scope: lock.scope, key: lock.key, failures: lock.failures, lockedUntil: lock.until.toISOString() },
        },
        ctx.requestId,
      )
    }
    throw unauthorized('用户名或密码错误')
  }
  await forgetSuccess(db, keys)
  const session = newSecret('css')
  const csrf = newSecret('csrf')
  const expiresAt = new Date(ctx.now.getTime() + SESSION_TTL_MS)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ token_hash: session.hash, user_id: user.id, csrf_token: csrf.secret, expires_at: expiresAt })
      .execute()
    await audit(trx, principal, { action: 'login', entity: 'user', entityId: user.id }, ctx.requestId)
  })
  return { sessionToken: session.secret, csrfToken: csrf.secret, expiresAt, principal }
}

/** The session's principal and CSRF token, or null when the cookie is unknown or expired. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<{ principal: Principal; csrfToken: string } | null> {
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst()
  if (!row || row.expires_at.getTime() <= now.getTime()) return null
  const principal = await principalForUser(db, row.user_id)
  return principal ? { principal, csrfToken: row.csrf_token } : null
}

/**
 * Ends a browser session. A department token or a display key has no session to end (revoking one is an
 * administrator's or the department's act), so calling this with one is refused rather than answered 204.
 */
export async function logout(ctx: ServiceContext, token: string | undefined): Promise<void> {
  const { db, principal } = ctx
  if (principal.kind !== 'user') throw forbidden('接口令牌或大屏显示密钥没有会话可退出;停用请由管理员吊销该令牌')
  if (token) await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute()
}
