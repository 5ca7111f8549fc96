import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { testDatabases } from '@cockpit/db/testing'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

// Issue #11, rows "login" and "password policy".
describe.each(testDatabases())('login throttling and password policy through the API on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  beforeAll(async () => {
    ctx = await seededApp(target)
    await createUser(ctx.handle.db, { username: 'ls-admin', password: 'admin pass 1', role: 'admin' })
    await createUser(ctx.handle.db, { username: 'ls-victim', password: 'victim pass 42', role: 'viewer' })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const login = (username: string, password: string) =>
    ctx.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })

  it('refuses the right password after repeated failures with 429, Retry-After and a Chinese message saying when', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await login('ls-victim', `wrong ${i}`)).status)
    expect(statuses).toEqual([401, 401, 401, 401])
    const res = await login('ls-victim', 'victim pass 42')
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await res.json()).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/^登录尝试过于频繁,请 \d 秒后再试$/),
    })
  })

  it('throttles by the client address a real connection comes from', async () => {
    let server: ServerType | null = null
    try {
      server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 })
      await once(server, 'listening')
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/auth/login`
      // This address has already failed 49 times today; the 50th locks it out for every account.
      await ctx.handle.db
        .insertInto('login_throttles')
        .values({ scope: 'address', key: '127.0.0.1', failures: 49, last_failure_at: new Date(), blocked_until: null })
        .execute()
      const post = (username: string, password: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        })
      expect((await post('someone-else', 'wrong')).status).toBe(401)
      const refused = await post('ls-admin', 'admin pass 1')
      expect(refused.status).toBe(429)
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /^来自当前网络地址的登录失败次数过多,已临时限制登录,请于 \d\d:\d\d\(北京时间,约 15 分钟后\)再试$/,
      )
      const audited = await ctx.handle.db
        .selectFrom('audit_log')
        .select(['entity', 'entity_id'])
        .where('action', '=', 'login.lockout')
        .execute()
      expect(audited).toContainEqual({ entity: 'login', entity_id: '127.0.0.1' })
    } finally {
      await ctx.handle.db.deleteFrom('login_throttles').execute()
      await new Promise((r) => (server ? server.close(r) : r(null)))
    }
  })

  it('refuses repeated, common and user-name-containing passwords for a new user', async () => {
    const admin = await loginClient(ctx.app, 'ls-admin', 'admin pass 1')
    const create = (username: string, password: string) =>
      admin.post<{ message: string }>('/api/v1/admin/users', {
        username,
        displayName: '新用户',
        role: 'admin',
        password,
      })
    const repeated = await create('pp-one', 'aaaaaaaaaaaa')
    expect(repeated).toMatchObject({
      status: 400,
      body: { message: '请求体 password: 密码不能由同一个字符或片段重复组成(如 aaaaaaaaaaaa、abcabcabcabc)' },
    })
    const named = await create('zhangwei', 'zhangwei@2024nc')
    expect(named).toMatchObject({ status: 400, body: { message: '请求体 password: 密码不能包含用户名' } })
    const common = await create('pp-three', 'password1234')
    expect(common).toMatchObject({
      status: 400,
      body: { message: '请求体 password: 密码太常见(是常见密码或其简单变形),容易被猜中,请换一个更长、不常见的密码' },
    })
    expect((await create('pp-four', 'Jn7#kq2Lm9xP')).status).toBe(201)
  })
})
