import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../kernel/errors.js'
import { THROTTLE_RULES, waitAfter } from './login-throttle.js'
import { hashPassword } from '../kernel/secrets.js'
import { clockContext } from '../kernel/context.js'
import { login } from './sessions.js'

const t0 = new Date('2025-06-30T06:00:00Z')
const later = (ms: number) => new Date(t0.getTime() + ms)

type Outcome = { ok: true } | { ok: false; code: string; message: string; retryAfter?: number }

describe('login waits', () => {
  it('lets 3 failures through, then waits 2, 4, 8 … 60 s, then locks for 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => waitAfter(n, THROTTLE_RULES.account) / 1000)).toEqual([
      0, 0, 0, 2, 4, 8, 16, 32, 60, 900, 900,
    ])
  })
})

// Issue #11, row 4: 50 wrong passwords in a row, no delay, no lockout, then the right one logged in.
describe.each(testDatabases())('login throttling on $name', (target) => {
  let handle: DbHandle
  let db: Kysely<Database>
  beforeAll(async () => {
    handle = await target.open()
    db = handle.db
    const hash = await hashPassword('the right one 42')
    for (const username of ['victim', 'bystander', 'office-1', 'office-2'])
      await db
        .insertInto('users')
        .values({ username, display_name: username, password_hash: hash, role: 'viewer', department_id: null })
        .execute()
  })
  afterAll(async () => {
    await handle?.close()
  })
  beforeEach(async () => {
    await db.deleteFrom('login_throttles').execute()
  })

  const attempt = async (
    username: string,
    password: string,
    now: Date,
    address: string | null = null,
  ): Promise<Outcome> => {
    try {
      await login(db, { username, password }, { ...clockContext(now), address })
      return { ok: true }
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e
      return {
        ok: false,
        code: e.code,
        message: e.message,
        ...(e.retryAfterSeconds !== undefined ? { retryAfter: e.retryAfterSeconds } : {}),
      }
    }
  }

  it('makes the account wait longer after each failure and refuses attempts during the wait', async () => {
    for (let i = 0; i < 3; i++)
      expect(await attempt('victim', 'wrong', later(i))).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(await attempt('victim', 'wrong', later(10))).toMatchObject({ code: 'unauthorized' })
    // The 4th failure imposes 2 s; an attempt within them is refused without checking the password.
    expect(await attempt('victim', 'the right one 42', later(1000))).toEqual({
      ok: false,
      code: 'too_many_requests',
      message: '登录尝试过于频繁,请 2 秒后再试',
      retryAfter: 2,
    })
    expect(await attempt('victim', 'wrong', later(2100))).toMatchObject({ code: 'unauthorized' })
    expect(await attempt('victim', 'wrong', later(2200))).toEqual({
      ok: false,
      code: 'too_many_requests',
      message: '登录尝试过于频繁,请 4 秒后再试',
      retryAfter: 4,
    })
  })

  it('locks the account at the 10th failure, audits it, refuses the right password until the time it names, then lets it in', async () => {
    let now = t0
    for (let i = 0; i < 10; i++) {
      const r = await attempt('victim', `guess ${i}`, now)
      expect(r, `attempt ${i + 1}`).toMatchObject({ code: 'unauthorized' })
      now = new Date(now.getTime() + waitAfter(i + 1, THROTTLE_RULES.account))
    }
    const lockedAt = new Date(now.getTime() - 15 * 60_000)
    // 40 more guesses, as in the issue: every one refused, none counted, the lock not extended.
    for (let i = 0; i < 40; i++)
      expect(await attempt('victim', `guess ${i}`, new Date(lockedAt.getTime() + 1000 + i))).toMatchObject({
        code: 'too_many_requests',
      })
    const refused = await attempt('victim', 'the right one 42', new Date(lockedAt.getTime() + 60_000))
    // 14:17 in Beijing is when the lock ends (t0 = 14:00 Beijing, plus the waits, plus 15 minutes).
    expect(refused).toEqual({
      ok: false,
      code: 'too_many_requests',
      message: '该账号登录失败次数过多,已临时锁定,请于 14:17(北京时间,约 14 分钟后)再试',
      retryAfter: 840,
    })
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id', 'after'])
      .where('action', '=', 'login.lockout')
      .where(sql<boolean>`after->>'key' = 'victim'`)
      .execute()
    const victim = await db.selectFrom('users').select('id').where('username', '=', 'victim').executeTakeFirstOrThrow()
    expect(entries).toEqual([
      {
        action: 'login.lockout',
        entity: 'user',
        entity_id: String(victim.id),
        after: { scope: 'account', key: 'victim', failures: 10, lockedUntil: now.toISOString() },
      },
    ])
    // Another account is not affected, and after the lock the right password works and clears the count.
    expect(await attempt('bystander', 'the right one 42', lockedAt)).toEqual({ ok: true })
    expect(await attempt('victim', 'the right one 42', now)).toEqual({ ok: true })
    expect(await db.selectFrom('login_throttles').selectAll().where('scope', '=', 'account').execute()).toEqual([])
  })

  it('throttles an address trying many accounts, without charging the accounts it never reached', async () => {
    const address = '203.0.113.9'
    // 49 failures already behind it (each of 49 names tried once, with the waits respected)…
    await db
      .insertInto('login_throttles')
      .values({ scope: 'address', key: address, failures: 49, last_failure_at: t0, blocked_until: null })
      .execute()
    // …and the 50th locks the address for 15 minutes.
    expect(await attempt('nobody-50', 'wrong', t0, address)).toMatchObject({ code: 'unauthorized' })
    const during = later(14 * 60_000)
    const r = await attempt('office-1', 'the right one 42', during, address)
    expect(r).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(
        /^来自当前网络地址的登录失败次数过多,已临时限制登录,请于 \d\d:\d\d\(北京时间,约 1 分钟后\)再试$/,
      ),
    })
    expect(
      await db
        .selectFrom('login_throttles')
        .select('key')
        .where('scope', '=', 'account')
        .where('key', '=', 'office-1')
        .execute(),
    ).toEqual([])
    // From another address the same account logs in at once.
    expect(await attempt('office-1', 'the right one 42', during, '198.51.100.7')).toEqual({ ok: true })
    const audited = await db
      .selectFrom('audit_log')
      .select(['entity', 'entity_id'])
      .where('action', '=', 'login.lockout')
      .execute()
    expect(audited).toContainEqual({ entity: 'login', entity_id: address })
  })

  it('counts a burst of parallel guesses one by one', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_v, i) => attempt('victim', `parallel ${i}`, t0)))
    const let_through = results.filter((r) => !r.ok && r.code === 'unauthorized').length
    expect(let_through).toBeLessThanOrEqual(4)
  })
})
