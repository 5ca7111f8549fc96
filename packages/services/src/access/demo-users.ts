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
 * Creates the demo accounts that do not exist yet and returns those new credentials (existing accounts keep
 * theirs: only hashes are stored, nothing to print). One admin, one manager per jurisdiction with a plan, one
 * reporter per seeded department. Each role's accounts created in one start share a fresh random password, the
 * admin has its own: a password hash costs ~100 ms of scrypt, and a national data set has 19,000 departments
 * (33 minutes of hashing before the API answered).
 */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<DemoCredential[]> {
  const existing = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username))
  const wanted: (DemoCredential & { departmentId: number | null; jurisdiction: string | null })[] = []
  const passwords = new Map<DemoCredential['role'], string>()
  const passwordOf = (role: DemoCredential['role']) => {
    if (!passwords.has(role)) passwords.set(role, randomPassword())
    return passwords.get(role)!
  }
  const add = (c: Omit<DemoCredential, 'password'> & { departmentId: number | null; jurisdiction: string | null }) => {
    if (!existing.has(c.username)) wanted.push({ ...c, password: passwordOf(c.role) })
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

  const hashes = new Map(
    await Promise.all([...passwords.values()].map(async (pw) => [pw, await hashPassword(pw)] as const)),
  )
  await db.transaction().execute(async (trx) => {
    // In batches: one round trip per 1,000 accounts, not one per account.
    for (let i = 0; i < wanted.length; i += 1000) {
      const batch = wanted.slice(i, i + 1000)
      const ids = await trx
        .insertInto('users')
        .values(
          batch.map((w) => ({
            username: w.username,
            display_name: w.label,
            password_hash: hashes.get(w.password)!,
            role: w.role,
            department_id: w.departmentId,
          })),
        )
        .returning(['id', 'username'])
        .execute()
      const idOf = new Map(ids.map((r) => [r.username, r.id]))
      const links = batch.flatMap((w) =>
        w.jurisdiction ? [{ user_id: idOf.get(w.username)!, jurisdiction_code: w.jurisdiction }] : [],
      )
      if (links.length) await trx.insertInto('user_jurisdictions').values(links).execute()
    }
  })
  return wanted.map(({ username, password, role, label }) => ({ username, password, role, label }))
}
