import { testDatabases } from '@cockpit/db/testing'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

interface LogLine {
  level: number
  msg: string
  status?: number
}
const ERROR_LEVEL = 50

describe.each(testDatabases())('malformed request bodies on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  const logged: LogLine[] = []
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as LogLine) })
    ctx = await seededApp(target, { withQueue: true, logger })
    await createUser(ctx.handle.db, { username: 'mb-admin', password: 'admin pass 1', role: 'admin' })
    admin = await loginClient(ctx.app, 'mb-admin', 'admin pass 1')
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const post = async (path: string, body: string, contentType: string | null) => {
    const headers: Record<string, string> = {
      cookie: admin.auth.cookie,
      'x-csrf-token': admin.auth.csrf,
      ...(contentType ? { 'content-type': contentType } : {}),
    }
    const res = await ctx.app.request(path, { method: 'POST', headers, body })
    return { status: res.status, body: (await res.json()) as { code: string; message: string } }
  }
  const errorsLogged = () => logged.filter((l) => l.level >= ERROR_LEVEL)

  const broken: [string, string, RegExp][] = [
    ['NaN', 'NaN', /^请求体不是合法的 JSON:无法识别的值.*NaN/],
    ['an unclosed brace', '{', /^请求体不是合法的 JSON:第 2 个字符处有误/],
    ['an empty body', '', /^请求体不是合法的 JSON:请求体为空/],
    ['a trailing comma', '{"name":"x",}', /^请求体不是合法的 JSON:第 13 个字符处有误/],
  ]
  for (const path of ['/api/v1/auth/login', '/api/v1/silences', '/api/v1/submissions', '/api/v1/admin/plans']) {
    it.each(broken)(`answers 400 in Chinese to ${path} with %s, logging no error`, async (_what, body, message) => {
      const before = errorsLogged().length
      const res = await post(path, body, 'application/json')
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('invalid_request')
      expect(res.body.message).toMatch(message)
      expect(errorsLogged().length).toBe(before)
      expect(logged.at(-1)).toMatchObject({ msg: 'request refused', status: 400 })
    })
  }

  it('answers 400 saying the body must be application/json to a text/plain body, logging no error', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/silences', '/api/v1/admin/plans']) {
      const res = await post(path, '{"name":"x"}', 'text/plain')
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'invalid_request' })
      expect(res.body.message).toContain('请求体须为 application/json')
      expect(res.body.message).toContain('text/plain')
    }
    expect(errorsLogged()).toEqual([])
  })

  it('refuses a cross-origin write to the queue board with 403 like the other CSRF checks, logging no error', async () => {
    const res = await ctx.app.request('http://localhost/admin/queues/api/queues/ingest/clean/completed', {
      method: 'PUT',
      headers: { cookie: admin.auth.cookie, origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'forbidden', message: expect.stringContaining('跨站请求被拒绝') })
    expect(errorsLogged()).toEqual([])
    // The board's own page still answers its administrator.
    const same = await ctx.app.request('http://localhost/admin/queues/api/queues', {
      headers: { cookie: admin.auth.cookie },
    })
    expect(same.status).toBe(200)
  })
})
