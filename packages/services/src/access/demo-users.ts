import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { hashPassword, randomPassword } from '../kernel/secrets.js'

export interface DemoCredential {
  username: string
  password: string
  role: 'admin' | 'manager' | 'reporter'
  label: string
}

/**
 * Creates the demo accounts that do not exist yet, each with a fresh random password, and returns
 * those new credentials (existing accounts keep theirs: only hashes are stored, nothing to print).
 * One admin, one manager per jurisdiction with a plan, one reporter per seeded department.
 */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<DemoCredential[]> {
  const existing = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username))
  const wanted: (DemoCredential & { departmentId: number | null; jurisdiction: string | null })[] = []
  const add = (c: Omit<DemoCredential, 'password'> & { departmentId: number | null; jurisdiction: string | null }) => {
    if (!existing.has(c.username)) wanted.push({ ...c, password: randomPassword() })
  }
  add({ username: 'admin', role: 'admin', label: '系统管理员', departmentId: null, jurisdiction: null })
  const planned = await db
    .selectFrom('plans as p')
    .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
    .select(['j.code', 'j.name'])
    .distinct()
    .execute()
  for (const j of planned)
    add({
      username: `m-${j.code}`,
      role: 'manager',
      label: `${j.name}管理者`,
      departmentId: null,
      jurisdiction: j.code,
    })
  const departments = await db
    .selectFrom('departments as d')
    .innerJoin('jurisdictions as j', 'j.code', 'd.jurisdiction_code')
    .select(['d.id', 'd.key', 'd.name', 'd.jurisdiction_code', 'j.name as jurisdiction_name'])
    .orderBy('d.id')
    .execute()
  for (const d of departments)
    add({
      username: `r-${d.jurisdiction_code}-${d.key}`,
      role: 'reporter',
      label: `${d.jurisdiction_name}${d.name}填报员`,
      departmentId: d.id,
      jurisdiction: null,
    })

  // Hash in small parallel groups: scrypt runs on libuv's thread pool.
  const hashed: string[] = []
  for (let i = 0; i < wanted.length; i += 4)
    hashed.push(...(await Promise.all(wanted.slice(i, i + 4).map((w) => hashPassword(w.password)))))
  await db.transaction().execute(async (trx) => {
    for (const [n, w] of wanted.entries()) {
      const { id } = await trx
        .insertInto('users')
        .values({
          username: w.username,
          display_name: w.label,
          password_hash: hashed[n]!,
          role: w.role,
          department_id: w.departmentId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (w.jurisdiction)
        await trx.insertInto('user_jurisdictions').values({ user_id: id, jurisdiction_code: w.jurisdiction }).execute()
    }
  })
  return wanted.map(({ username, password, role, label }) => ({ username, password, role, label }))
}
