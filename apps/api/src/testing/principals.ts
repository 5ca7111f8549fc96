import type { Database } from '@cockpit/db'
import { hashPassword, serviceContext, adminPrincipal, type Principal } from '@cockpit/services/kernel'
import { createApiToken, createDisplayKey } from '@cockpit/services/access'
import type { Kysely } from 'kysely'

/** The admin as the system acts for it in tests (e.g. to issue a department's token). */
export const systemAdmin = adminPrincipal('user:test-admin')

/** A department id by jurisdiction and key, and an API token for it. */
export async function departmentToken(db: Kysely<Database>, jurisdiction: string, key: string) {
  const dept = await db
    .selectFrom('departments')
    .select('id')
    .where('jurisdiction_code', '=', jurisdiction)
    .where('key', '=', key)
    .executeTakeFirstOrThrow()
  const token = await createApiToken(serviceContext(db, systemAdmin, new Date()), {
    departmentId: dept.id,
    name: 'test',
  })
  return { departmentId: dept.id, token: token.token, tokenId: token.id }
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
