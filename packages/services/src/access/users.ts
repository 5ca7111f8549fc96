import type { AdminUser, AdminUserCreate, AdminUserUpdate } from '@cockpit/contracts'
import type { Database, Role, UserRow } from '@cockpit/db'
import type { Kysely, Transaction } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import { passwordProblem } from './password-policy.js'
import { hashPassword, randomPassword } from '../kernel/secrets.js'
import { bodyIssue, notFound, ServiceError } from '../kernel/errors.js'
import { assertAdmin, bodyField, conflictOnUnique } from '../kernel/admin-guards.js'
import { anyInt, anyText } from '../kernel/any-of.js'

type Trx = Transaction<Database>

/** What the API and the audit log show of a user: never the password hash. */
function toUser(u: UserRow, jurisdictions: string[]): AdminUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    departmentId: u.department_id,
    jurisdictions,
    mobile: u.mobile,
    email: u.email,
    disabled: u.disabled_at !== null,
    disabledAt: u.disabled_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  }
}

async function jurisdictionsOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  if (ids.length === 0) return out
  for (const r of await db
    .selectFrom('user_jurisdictions')
    .select(['user_id', 'jurisdiction_code'])
    .where('user_id', '=', anyInt(ids))
    .orderBy('jurisdiction_code')
    .execute())
    out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.jurisdiction_code])
  return out
}

/** A reporter reports for exactly one department; managers and viewers oversee jurisdictions; admins have neither. */
async function checkScope(trx: Trx, role: Role, departmentId: number | null, jurisdictions: string[]) {
  if (role === 'reporter') {
    if (departmentId === null) throw bodyField('departmentId', '填报员(reporter)必须指定所属部门')
    if (!(await trx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst()))
      throw bodyField('departmentId', `部门 ${departmentId} 不存在`)
  } else if (departmentId !== null)
    throw bodyField('departmentId', `只有填报员(reporter)属于部门,${role} 的 departmentId 应为 null`)
  if (role === 'manager' || role === 'viewer') {
    if (jurisdictions.length === 0)
      throw bodyField(
        'jurisdictions',
        `${role === 'manager' ? '管理者(manager)' : '查看者(viewer)'}至少需要一个负责的行政区划`,
      )
    const known = new Set(
      (await trx.selectFrom('jurisdictions').select('code').where('code', '=', anyText(jurisdictions)).execute()).map(
        (j) => j.code,
      ),
    )
    const missing = jurisdictions.findIndex((j) => !known.has(j))
    if (missing >= 0) throw bodyField(`jurisdictions.${missing}`, `行政区划 ${jurisdictions[missing]} 不存在`)
  } else if (jurisdictions.length)
    throw bodyField('jurisdictions', `只有管理者和查看者按行政区划授权,${role} 的 jurisdictions 应为空`)
}

async function lockUser(trx: Trx, id: number) {
  const row = await trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound(`用户 ${id} `)
  return row
}

export async function listUsers(
  ctx: ServiceContext,
  filter: { role?: Role | undefined; department?: number | undefined },
): Promise<AdminUser[]> {
  const { db, principal } = ctx
  assertAdmin(principal)
  let q = db.selectFrom('users').selectAll()
  if (filter.role) q = q.where('role', '=', filter.role)
  if (filter.department !== undefined) q = q.where('department_id', '=', filter.department)
  const rows = await q.orderBy('id').execute()
  const scopes = await jurisdictionsOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toUser(r, scopes.get(r.id) ?? []))
}

export async function getUser(ctx: ServiceContext, id: number): Promise<AdminUser> {
  const { db, principal } = ctx
  assertAdmin(principal)
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`用户 ${id} `)
  return toUser(row, (await jurisdictionsOf(db, [id])).get(id) ?? [])
}

export async function createUser(ctx: ServiceContext, input: AdminUserCreate): Promise<AdminUser> {
  const { db, principal, requestId } = ctx
  assertAdmin(principal)
  const weak = passwordProblem(input.password, { username: input.username, displayName: input.displayName })
  if (weak) throw bodyField('password', weak)
  // scrypt takes tens of milliseconds on the thread pool: hash before the transaction holds a connection.
  const passwordHash = await hashPassword(input.password)
  const jurisdictions = [...new Set(input.jurisdictions)]
  return db.transaction().execute(async (trx) => {
    await checkScope(trx, input.role, input.departmentId, jurisdictions)
    if (await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst())
      throw bodyIssue('username', `用户名 ${input.username} 已被使用`, 'conflict')
    const row = await conflictOnUnique(
      () =>
        trx
          .insertInto('users')
          .values({
            username: input.username,
            display_name: input.displayName,
            password_hash: passwordHash,
            role: input.role,
            department_id: input.departmentId,
            mobile: input.mobile,
            email: input.email,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      bodyIssue('username', `用户名 ${input.username} 已被使用`, 'conflict'),
    )
    if (jurisdictions.length)
      await trx
        .insertInto('user_jurisdictions')
        .values(jurisdictions.map((j) => ({ user_id: row.id, jurisdiction_code: j })))
        .execute()
    const user = toUser(row, jurisdictions.sort())
    await audit(trx, principal, { action: 'user.create', entity: 'user', entityId: row.id, after: user }, requestId)
    return user
  })
}

/** Role and scope changes take effect on the user's next request: sessions resolve the principal each time. */
export async function updateUser(ctx: ServiceContext, id: number, input: AdminUserUpdate): Promise<AdminUser> {
  const { db, principal, now, requestId } = ctx
  assertAdmin(principal)
  return db.transaction().execute(async (trx) => {
    const before = await lockUser(trx, id)
    const beforeScopes = (await jurisdictionsOf(trx, [id])).get(id) ?? []
    const role = input.role ?? before.role
    // Changing the role away from reporter drops the department unless the body says otherwise, and likewise for jurisdictions.
    const departmentId =
      input.departmentId !== undefined ? input.departmentId : role === 'reporter' ? before.department_id : null
    const jurisdictions = [
      ...new Set(input.jurisdictions ?? (role === 'manager' || role === 'viewer' ? beforeScopes : [])),
    ].sort()
    await checkScope(trx, role, departmentId, jurisdictions)
    if (principal.userId === id && role !== 'admin')
      throw new ServiceError('conflict', '不能取消自己的管理员角色,请由另一位管理员操作')
    const after = await trx
      .updateTable('users')
      .set({
        role,
        department_id: departmentId,
        ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
        ...(input.mobile !== undefined ? { mobile: input.mobile } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx.deleteFrom('user_jurisdictions').where('user_id', '=', id).execute()
    if (jurisdictions.length)
      await trx
        .insertInto('user_jurisdictions')
        .values(jurisdictions.map((j) => ({ user_id: id, jurisdiction_code: j })))
        .execute()
    const user = toUser(after, jurisdictions)
    await audit(
      trx,
      principal,
      { action: 'user.update', entity: 'user', entityId: id, before: toUser(before, beforeScopes), after: user },
      requestId,
    )
    return user
  })
}

/** Disabling ends every session of the user at once (and sessions of a disabled user resolve to nobody anyway). */
export async function setUserDisabled(ctx: ServiceContext, id: number, disabled: boolean): Promise<AdminUser> {
  const { db, principal, now, requestId } = ctx
  assertAdmin(principal)
  return db.transaction().execute(async (trx) => {
    const before = await lockUser(trx, id)
    if (disabled && principal.userId === id)
      throw new ServiceError('conflict', '不能停用自己的账号,请由另一位管理员操作')
    const scopes = (await jurisdictionsOf(trx, [id])).get(id) ?? []
    if ((before.disabled_at !== null) === disabled) return toUser(before, scopes)
    const after = await trx
      .updateTable('users')
      .set({ disabled_at: disabled ? now : null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute()
    await audit(
      trx,
      principal,
      {
        action: disabled ? 'user.disable' : 'user.enable',
        entity: 'user',
        entityId: id,
        before: { disabledAt: before.disabled_at?.toISOString() ?? null },
        after: { disabledAt: after.disabled_at?.toISOString() ?? null },
      },
      requestId,
    )
    return toUser(after, scopes)
  })
}

/** A new random password, returned once (only its hash is kept); the user's sessions end, so the old password's sessions cannot linger. */
export async function resetUserPassword(
  ctx: ServiceContext,
  id: number,
): Promise<{ userId: number; password: string }> {
  const { db, principal, now, requestId } = ctx
  assertAdmin(principal)
  const password = randomPassword(16)
  const hash = await hashPassword(password)
  await db.transaction().execute(async (trx) => {
    await lockUser(trx, id)
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', id).execute()
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute()
    // The password itself never reaches the log.
    await audit(
      trx,
      principal,
      {
        action: 'user.reset-password',
        entity: 'user',
        entityId: id,
        after: { passwordReset: true, sessionsEnded: true },
      },
      requestId,
    )
  })
  return { userId: id, password }
}
