import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testDatabases } from '@cockpit/db/testing'
import { PUBLIC_ONLY } from '@cockpit/services/kernel'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const REFUSED = (host: string) =>
  `地址「${host}」指向本机、内网、链路本地或云平台元数据等受限网段,不允许访问(确需访问内网服务的,请系统管理员在配置 OUTBOUND_ALLOW 中放行)`

// Issue #11, rows 2 and 3 as the API answers them, on a server configured without any allow-list.
describe.each(testDatabases())('outbound addresses and source files through the API on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dir: string
  let indicator: number
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cockpit-api-sources-'))
    ctx = await seededApp(target, { outbound: PUBLIC_ONLY, sourceFilesDir: dir })
    await createUser(ctx.handle.db, { username: 'ob-admin', password: 'admin pass 1', role: 'admin' })
    await createUser(ctx.handle.db, {
      username: 'ob-manager',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    const dept = await ctx.handle.db
      .selectFrom('departments')
      .select('id')
      .where('jurisdiction_code', '=', '360100')
      .where('key', '=', 'szsj')
      .executeTakeFirstOrThrow()
    indicator = (await ownedIndicators(ctx.handle.db, dept.id))[0]!.id
  })
  afterAll(async () => {
    await ctx?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers 400 for HTTP sources on loopback, IPv6 loopback and the metadata address', async () => {
    const admin = await loginClient(ctx.app, 'ob-admin', 'admin pass 1')
    const source = (location: string) =>
      admin.post<{ message: string }>('/api/v1/sources', { indicator, kind: 'http-json', location, fieldPath: 'v' })
    for (const [location, host] of [
      ['http://127.0.0.1:6379/', '127.0.0.1'],
      ['http://[::1]:4310/', '::1'],
      ['http://169.254.169.254/', '169.254.169.254'],
    ] as const) {
      const res = await source(location)
      expect(res.status, location).toBe(400)
      expect(res.body.message).toBe(`请求体 location: ${REFUSED(host)}`)
    }
  })

  it('answers 400 for csv-file sources naming /etc/passwd, /etc/shadow or the demo credentials', async () => {
    const admin = await loginClient(ctx.app, 'ob-admin', 'admin pass 1')
    const source = (location: string) =>
      admin.post<{ message: string }>('/api/v1/sources', { indicator, kind: 'csv-file', location, fieldPath: 'v' })
    for (const location of ['/etc/passwd', '/etc/shadow', join(process.cwd(), 'data/demo-credentials.json')]) {
      const res = await source(location)
      expect(res.status, location).toBe(400)
      expect(res.body.message).toBe('请求体 location: 文件必须位于数据源文件目录中')
    }
    expect((await source('../data/demo-credentials.json')).body.message).toBe(
      '请求体 location: csv-file 数据源的地址应为数据源文件目录中的文件路径(如 rates/cloud.csv),不能含 ..',
    )
  })

  it("answers 400 for a manager's webhook, DingTalk or WeCom channel pointing inside", async () => {
    const manager = await loginClient(ctx.app, 'ob-manager', 'manager pass 1')
    const cases = [
      [{ kind: 'webhook', url: 'http://127.0.0.1:6379/', secret: 'whsec-0123456789abcdef' }, '127.0.0.1'],
      [{ kind: 'dingtalk', url: 'http://[::1]:4310/robot/send?access_token=x' }, '::1'],
      [{ kind: 'wecom', url: 'http://169.254.169.254/cgi-bin/webhook/send?key=x' }, '169.254.169.254'],
    ] as const
    for (const [config, host] of cases) {
      const res = await manager.post<{ message: string }>('/api/v1/channels', { name: '内网', config })
      expect(res.status, config.kind).toBe(400)
      expect(res.body.message).toBe(`请求体 config.url: ${REFUSED(host)}`)
    }
  })
})
