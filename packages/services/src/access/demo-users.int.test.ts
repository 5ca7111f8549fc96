import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { ensureDemoUsers } from './demo-users.js'
import { clockContext } from '../kernel/context.js'
import { login } from './sessions.js'
import { insertPlan } from '../catalog/test-rows.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

const DEPARTMENTS = 300

/** Two provinces with a plan each and DEPARTMENTS departments between them. */
async function demoData(db: Kysely<Database>) {
  await db
    .insertInto('jurisdictions')
    .values([
      { code: '320000', name: '江苏省', level: 'province', parent_code: null },
      { code: '360000', name: '江西省', level: 'province', parent_code: null },
    ])
    .execute()
  for (const code of ['320000', '360000']) await insertPlan(db, `p${code}`, code, '人民政府')
  await sql`insert into departments (jurisdiction_code, key, name)
    select case when n % 2 = 0 then '320000' else '360000' end, 'd' || n, '部门' || n
    from generate_series(1, ${DEPARTMENTS}) n`.execute(db)
}

describe.each(testDatabases())('demo accounts on $name', (target) => {
  let db: Kysely<Database>
  freshDatabaseEach(target, async (opened) => {
    db = opened
    await demoData(db)
  })

  it('creates the admin, a manager per planned jurisdiction and a reporter per department, each able to log in', async () => {
    const credentials = await ensureDemoUsers(db)
    expect(credentials.filter((c) => c.role === 'admin').map((c) => c.username)).toEqual(['admin'])
    expect(
      credentials
        .filter((c) => c.role === 'manager')
        .map((c) => c.username)
        .sort(),
    ).toEqual(['m-320000', 'm-360000'])
    expect(credentials.filter((c) => c.role === 'reporter')).toHaveLength(DEPARTMENTS)
    const now = new Date('2025-06-01T00:00:00Z')
    for (const username of ['admin', 'm-360000', 'r-320000-d2', `r-360000-d${DEPARTMENTS - 1}`]) {
      const c = credentials.find((x) => x.username === username)!
      const session = await login(db, { username: c.username, password: c.password }, clockContext(now))
      expect(session.principal.role).toBe(c.role)
    }
    const manager = await db
      .selectFrom('users as u')
      .innerJoin('user_jurisdictions as uj', 'uj.user_id', 'u.id')
      .select('uj.jurisdiction_code')
      .where('u.username', '=', 'm-360000')
      .execute()
    expect(manager.map((m) => m.jurisdiction_code)).toEqual(['360000'])
  })

  it('hashes one password per role, not one per account, and keeps the admin password apart', async () => {
    const credentials = await ensureDemoUsers(db)
    const admin = credentials.find((c) => c.role === 'admin')!
    const reporters = new Set(credentials.filter((c) => c.role === 'reporter').map((c) => c.password))
    expect(reporters.size).toBe(1)
    expect(reporters.has(admin.password)).toBe(false)
    const hashes = await db.selectFrom('users').select('password_hash').distinct().execute()
    expect(hashes).toHaveLength(3)
  })

  it('leaves existing accounts and their passwords alone on a later start', async () => {
    const first = await ensureDemoUsers(db)
    await db.insertInto('departments').values({ jurisdiction_code: '320000', key: 'new', name: '新部门' }).execute()
    const second = await ensureDemoUsers(db)
    expect(second.map((c) => c.username)).toEqual(['r-320000-new'])
    const admin = first.find((c) => c.role === 'admin')!
    const session = await login(db, { username: 'admin', password: admin.password }, clockContext(new Date()))
    expect(session.principal.role).toBe('admin')
  })
})
