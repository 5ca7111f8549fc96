import type { Database } from '@cockpit/db'
import { hashPassword, serviceContext, adminPrincipal, type Principal } from '@cockpit/services/kernel'
import { createApiToken, createDisplayKey } from '@cockpit/services/access'
import type { Hono } from 'hono'
import type { Kysely } from 'kysely'
import { client, loginClient } from './http.js'

/** The admin as the system acts for it in tests (e.g. to issue a department's token). */
export const systemAdmin = adminPrincipal('user:test-admin')

/** A department id by jurisdiction and key, and an API token for it. */
export async function departmentToken(db: Kysely<Database>, jurisdiction: string, key: string) {
  const departmentId = await idInJurisdiction(db, 'departments', key, jurisdiction)
  const token = await createApiToken(serviceContext(db, systemAdmin, new Date()), { departmentId, name: 'test' })
  return { departmentId, token: token.token, tokenId: token.id }
}

export async function createUser(
  db: Kysely<Database>,
  input: {
    username: string
    password: string
    role: Principal['role']
    departmentId?: number
    jurisdictions?: string[]
  },
) {
  const { id } = await db
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      department_id: input.departmentId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const j of input.jurisdictions ?? [])
    await db.insertInto('user_jurisdictions').values({ user_id: id, jurisdiction_code: j }).execute()
  return id
}

/** Indicator ids a department owns, by indicator key, for building submissions. */
export async function ownedIndicators(db: Kysely<Database>, departmentId: number) {
  return db
    .selectFrom('indicators as i')
    .innerJoin('indicator_departments as l', 'l.indicator_id', 'i.id')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select([
      'i.id',
      'i.key',
      'p.key as plan_key',
      'i.measure',
      'i.cadence',
      'i.jurisdiction_code',
      'p.start_year',
      'p.end_year',
    ])
    .where('l.department_id', '=', departmentId)
    .orderBy('i.id')
    .execute()
}

/** A wall screen's display key (read-only, scoped to `jurisdictionCode` and below), as an admin issues it. */
export async function displayKey(db: Kysely<Database>, jurisdictionCode: string, name = '测试大屏') {
  const key = await createDisplayKey(serviceContext(db, systemAdmin, new Date()), { jurisdictionCode, name })
  return { token: key.token, id: key.id }
}

/** What the fixtures below need of a seeded app: its HTTP entry and its database. */
interface AppWithDb {
  app: { request: Hono['request'] }
  handle: { db: Kysely<Database> }
}

/** Creates a user and logs in as them: a client carrying their session cookie and CSRF token (`.auth`). */
export async function signedInUser(ctx: AppWithDb, input: Parameters<typeof createUser>[1]) {
  await createUser(ctx.handle.db, input)
  return loginClient(ctx.app, input.username, input.password)
}

/** A department's API token (by jurisdiction and key) and a client that reports with it. */
export async function departmentReporter(ctx: AppWithDb, jurisdiction: string, key: string) {
  const dept = await departmentToken(ctx.handle.db, jurisdiction, key)
  return { ...dept, api: client(ctx.app, { token: dept.token }) }
}

/** An indicator's id by its key in one jurisdiction (default 南昌, where most API tests report). */
export function indicatorIdByKey(db: Kysely<Database>, key: string, jurisdiction = '360100') {
  return idInJurisdiction(db, 'indicators', key, jurisdiction)
}

/** A department's id by its key in one jurisdiction (default 南昌). */
export function departmentIdByKey(db: Kysely<Database>, key: string, jurisdiction = '360100') {
  return idInJurisdiction(db, 'departments', key, jurisdiction)
}

/** A row's id by its key in one jurisdiction: departments and indicators are both keyed so. */
async function idInJurisdiction(
  db: Kysely<Database>,
  table: 'departments' | 'indicators',
  key: string,
  jurisdiction: string,
) {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('key', '=', key)
    .where('jurisdiction_code', '=', jurisdiction)
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * The staff a test acts as: `<prefix>-admin`, `<prefix>-manager` (南昌) and a third user, `<prefix>-other` (a
 * 扬州 manager, outside 南昌) or `<prefix>-viewer`. Each password is `<role word> pass 1` (`admin pass 1`,
 * `manager pass 1`, `other pass 1`, `viewer pass 1`).
 */
export async function createStaff(db: Kysely<Database>, prefix: string, third: 'other' | 'viewer' = 'other') {
  await createUser(db, { username: `${prefix}-admin`, password: 'admin pass 1', role: 'admin' })
  await createUser(db, {
    username: `${prefix}-manager`,
    password: 'manager pass 1',
    role: 'manager',
    jurisdictions: ['360100'],
  })
  await createUser(
    db,
    third === 'other'
      ? { username: `${prefix}-other`, password: 'other pass 1', role: 'manager', jurisdictions: ['321000'] }
      : { username: `${prefix}-viewer`, password: 'viewer pass 1', role: 'viewer' },
  )
}

/**
 * The code (`plan/key`) of a quarterly percent indicator a department owns, the kind an upload reports;
 * by default one that needs no review, so its value counts as soon as it is processed.
 */
export async function quarterlyPercentCode(
  db: Kysely<Database>,
  departmentId: number,
  opts: { anyReview?: boolean } = {},
) {
  let q = db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .innerJoin('indicator_departments as l', 'l.indicator_id', 'i.id')
    .select(['i.key', 'p.key as plan'])
    .where('l.department_id', '=', departmentId)
    .where('i.measure', '=', 'percent')
    .where('i.cadence', '=', 'quarterly')
  if (!opts.anyReview) q = q.where('i.requires_review', '=', false)
  const ind = await q.executeTakeFirstOrThrow()
  return `${ind.plan}/${ind.key}`
}
