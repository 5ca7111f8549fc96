import { testDatabases } from '@cockpit/db/testing'
import type { ApiError } from '@cockpit/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

/** Words of zod's English messages; none may reach a user. */
const ENGLISH = /invalid|expected|received|unrecognized|too (big|small)|characters|required|must|input/i
const PREFIXED = /^(请求体|查询参数|路径参数) (\S+): (.+)$/
type ErrorAnswer = ApiError

describe.each(testDatabases())('validation messages on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  beforeAll(async () => {
    ctx = await seededApp(target)
    await createUser(ctx.handle.db, { username: 'vm-admin', password: 'admin pass 1', role: 'admin' })
    admin = await loginClient(ctx.app, 'vm-admin', 'admin pass 1')
  })
  afterAll(async () => {
    await ctx?.close()
  })

  const item = { indicator: 1, period: '2024-06', value: 1 }
  const cases: [string, 'POST' | 'PATCH' | 'GET', string, unknown, string, RegExp][] = [
    ['an array for the body', 'POST', '/api/v1/submissions', [], '(整体)', /应为对象.*收到的是数组/],
    ['an object for a list', 'POST', '/api/v1/submissions', { items: {} }, 'items', /应为数组.*收到的是对象/],
    [
      'an array for a nested object',
      'POST',
      '/api/v1/submissions',
      { items: [[]] },
      'items.0',
      /应为对象.*收到的是数组/,
    ],
    [
      'a boolean where a number or a code goes',
      'POST',
      '/api/v1/submissions',
      { items: [{ ...item, indicator: true }] },
      'items.0.indicator',
      /应为数字或文本.*收到的是布尔值/,
    ],
    [
      'a missing nested field',
      'POST',
      '/api/v1/submissions',
      { items: [{ period: '2024', value: 1 }] },
      'items.0.indicator',
      /缺少此项/,
    ],
    [
      'an unknown nested field',
      'POST',
      '/api/v1/submissions',
      { items: [{ ...item, colour: 'red' }] },
      'items.0',
      /不认识的字段:colour/,
    ],
    [
      'text for a flag',
      'POST',
      '/api/v1/submissions',
      { items: [item], allOrNothing: 'yes' },
      'allOrNothing',
      /应为布尔值/,
    ],
    [
      'a list for the user name',
      'POST',
      '/api/v1/auth/login',
      { username: ['a'], password: 'x' },
      'username',
      /应为文本.*收到的是数组/,
    ],
    [
      'a list for a nested citation',
      'POST',
      '/api/v1/admin/indicators/1/targets',
      { year: 2025, comparator: 'gte', value: 1, citation: [] },
      'citation',
      /应为对象.*收到的是数组/,
    ],
    [
      'a comparator outside the list',
      'POST',
      '/api/v1/admin/indicators/1/targets',
      { year: 2025, comparator: 'more', value: 1 },
      'comparator',
      /应为以下之一/,
    ],
    ['a bad query flag', 'GET', '/api/v1/indicators?binding=maybe', undefined, 'binding', /应为/],
  ]
  it.each(cases)('says in Chinese where and why for %s', async (_what, method, path, body, field, why) => {
    const res =
      method === 'GET' ? await admin.get<ErrorAnswer>(path) : await admin.send<ErrorAnswer>(method, path, body)

    expect(res.status).toBe(400)
    expect(res.body.code).toBe('invalid_request')
    const parts = res.body.message.split('; ')
    for (const part of parts) {
      expect(part).toMatch(PREFIXED)
      expect(PREFIXED.exec(part)![3]).not.toMatch(ENGLISH)
    }
    const hit = parts.map((p) => PREFIXED.exec(p)!).find((m) => m[2] === field)
    expect(hit, `no message for ${field} in ${res.body.message}`).toBeDefined()
    expect(hit![3]).toMatch(why)
    // The same, per field, for a form to show beside its input without reading the text.
    expect(res.body.issues).toHaveLength(parts.length)
    const issue = res.body.issues!.find((i) => i.path === (field === '(整体)' ? '' : field))
    expect(issue, `no issue for ${field} in ${JSON.stringify(res.body.issues)}`).toBeDefined()
    expect(issue!.message).toBe(hit![3])
  })

  it("answers a service's refusal of a field with the field in issues (a taken user name, 409)", async () => {
    const res = await admin.send<ErrorAnswer>('POST', '/api/v1/admin/users', {
      username: 'vm-admin',
      displayName: '重名',
      role: 'admin',
      password: 'Quartz-meadow-4172-lantern',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(409)
    expect(res.body).toMatchObject({
      code: 'conflict',
      message: '请求体 username: 用户名 vm-admin 已被使用',
      issues: [{ path: 'username', message: '用户名 vm-admin 已被使用' }],
    })
  })

  it('leaves issues out of a refusal that names no field', async () => {
    const res = await admin.get<ErrorAnswer>('/api/v1/indicators/999999')
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
    expect(res.body).not.toHaveProperty('issues')
  })
})
