import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { parseOutboundAllow, PUBLIC_ONLY } from '@cockpit/notify'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { clockContext, serviceContext } from '../kernel/context.js'
import { adminPrincipal } from '../kernel/principal.js'
import { ServiceError } from '../kernel/errors.js'
import { pullDueSources, SOURCE_UNREACHABLE } from './pull.js'
import { createSource } from './sources.js'
import { insertCityWithDistricts, insertIndicator, insertPlan } from '../catalog/test-rows.js'

const admin = adminPrincipal('user:test-admin')
const REFUSED = (host: string) =>
  `地址「${host}」指向本机、内网、链路本地或云平台元数据等受限网段,不允许访问(确需访问内网服务的,请系统管理员在配置 OUTBOUND_ALLOW 中放行)`
const now = new Date('2025-04-02T02:00:00Z')

async function oneIndicator(db: Kysely<Database>) {
  await insertCityWithDistricts(db, 0)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府', { end_year: 2026 })
  return insertIndicator(
    db,
    {
      plan_id: planId,
      key: 'rate',
      jurisdiction_code: '360100',
      name: '上云率',
      unit: '%',
      measure: 'percent',
      position: 1,
    },
    { targetYear: null },
  )
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => '(accepted)',
    (e: unknown) => (e instanceof ServiceError ? e.message : String(e)),
  )

// Issue #11, rows 2 and 3: csv-file sources read only inside one directory; HTTP sources reach no internal address.
describe.each(testDatabases())('hostile pull sources on $name', (target) => {
  let handle: DbHandle
  let db: Kysely<Database>
  let indicator: number
  let dir: string
  let server: Server
  let port: number
  let hits = 0
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cockpit-hostile-'))
    await mkdir(join(dir, 'sources'))
    await writeFile(join(dir, 'sources', 'rate.csv'), '月份,上云率\n2025-03,80\n')
    await symlink('/etc/passwd', join(dir, 'sources', 'passwd.csv'))
    await symlink(join(dir, 'outside.csv'), join(dir, 'sources', 'escape.csv'))
    await writeFile(join(dir, 'outside.csv'), '月份,上云率\n2025-03,81\n')
    server = createServer((req, res) => {
      hits++
      if (req.url === '/to-metadata')
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
      res.writeHead(200, { 'content-type': 'text/plain' }).end('root:x:0:0:root:/root:/bin/bash')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await rm(dir, { recursive: true, force: true })
  })
  beforeAll(async () => {
    handle = await target.open()
    db = handle.db
    indicator = await oneIndicator(db)
  })
  beforeEach(async () => {
    await db.deleteFrom('indicator_sources').execute()
    hits = 0
  })
  afterAll(async () => {
    await handle?.close()
  })

  const rules = () => ({ outbound: PUBLIC_ONLY, sourceFilesDir: join(dir, 'sources') })
  const csv = (location: string) => ({
    indicator,
    kind: 'csv-file' as const,
    location,
    fieldPath: '上云率',
    periodField: '月份',
    everyMinutes: 60,
    enabled: true,
  })
  const http = (location: string) => ({
    indicator,
    kind: 'http-json' as const,
    location,
    fieldPath: 'v',
    everyMinutes: 60,
    enabled: true,
  })
  /** A row as one created before the fix would be: the pull must refuse it too. */
  const legacy = (kind: 'csv-file' | 'http-json', location: string) =>
    db
      .insertInto('indicator_sources')
      .values({
        indicator_id: indicator,
        jurisdiction_code: '360100',
        kind,
        location,
        field_path: 'x',
        period_field: null,
        every_minutes: 60,
        enabled: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  const pull = async (opts: { outbound?: ReturnType<typeof parseOutboundAllow> } = {}) => {
    const run = await pullDueSources(db, clockContext(now), { enqueue: async () => undefined, ...rules(), ...opts })
    const rows = await db.selectFrom('indicator_sources').select(['id', 'last_error']).execute()
    return { run, errors: new Map(rows.map((r) => [r.id, r.last_error])) }
  }

  it('refuses csv-file locations outside the configured directory when they are created', async () => {
    expect(await refusal(createSource(serviceContext(db, admin, now), csv('/etc/passwd'), rules()))).toBe(
      '请求体 location: 文件必须位于数据源文件目录中',
    )
    expect(await refusal(createSource(serviceContext(db, admin, now), csv('../../etc/shadow'), rules()))).toBe(
      '请求体 location: csv-file 数据源的地址应为数据源文件目录中的文件路径(如 rates/cloud.csv),不能含 ..',
    )
    expect(
      await refusal(createSource(serviceContext(db, admin, now), csv('/work/data/demo-credentials.json'), rules())),
    ).toBe('请求体 location: 文件必须位于数据源文件目录中')
    expect(await refusal(createSource(serviceContext(db, admin, now), csv('rate.csv'), { sourceFilesDir: null }))).toBe(
      '请求体 location: 服务器未启用 csv-file 数据源(未配置数据源文件目录 SOURCE_FILES_DIR)',
    )
    expect(await refusal(createSource(serviceContext(db, admin, now), csv('rate.csv'), rules()))).toBe('(accepted)')
  })

  it('never reads a file outside the directory at pull time, through a symlink or a row stored before the fix', async () => {
    const passwdLink = await createSource(serviceContext(db, admin, now), csv('passwd.csv'), rules())
    const escapeLink = await createSource(serviceContext(db, admin, now), csv('escape.csv'), rules())
    const old = await legacy('csv-file', '/etc/passwd')
    const { run, errors } = await pull()
    expect(run).toMatchObject({ due: 3, failed: 3, submitted: 0 })
    expect(errors.get(passwdLink.id)).toBe('文件必须位于数据源文件目录中(不能经由链接指向目录之外)')
    expect(errors.get(escapeLink.id)).toBe('文件必须位于数据源文件目录中(不能经由链接指向目录之外)')
    expect(errors.get(old.id)).toBe('文件必须位于数据源文件目录中')
    expect(await db.selectFrom('submissions').select('id').execute()).toEqual([])
  })

  it('refuses HTTP sources on loopback, link-local metadata and private addresses when they are created', async () => {
    expect(
      await refusal(createSource(serviceContext(db, admin, now), http(`http://127.0.0.1:${port}/`), rules())),
    ).toBe(`请求体 location: ${REFUSED('127.0.0.1')}`)
    expect(await refusal(createSource(serviceContext(db, admin, now), http('http://[::1]:4310/'), rules()))).toBe(
      `请求体 location: ${REFUSED('::1')}`,
    )
    expect(
      await refusal(
        createSource(serviceContext(db, admin, now), http('http://169.254.169.254/latest/meta-data/'), rules()),
      ),
    ).toBe(`请求体 location: ${REFUSED('169.254.169.254')}`)
    expect(await refusal(createSource(serviceContext(db, admin, now), http('http://localhost:6379/'), rules()))).toBe(
      `请求体 location: ${REFUSED('localhost')}`,
    )
  })

  it('never fetches a loopback source stored before the fix, and says only that it is refused', async () => {
    const old = await legacy('http-json', `http://127.0.0.1:${port}/`)
    const { errors } = await pull()
    expect(errors.get(old.id)).toBe(REFUSED('127.0.0.1'))
    expect(hits).toBe(0)
  })

  it('re-checks redirects: an allowed source redirecting to the metadata service is refused', async () => {
    const hop = await createSource(serviceContext(db, admin, now), http(`http://127.0.0.1:${port}/to-metadata`), {
      ...rules(),
      outbound: parseOutboundAllow('127.0.0.1/32'),
    })
    const { errors } = await pull({ outbound: parseOutboundAllow('127.0.0.1/32') })
    expect(errors.get(hop.id)).toBe(REFUSED('169.254.169.254'))
  })

  it('gives the same error for a closed port, a non-HTTP port and silence, and never quotes what came back', async () => {
    const allowLoopback = parseOutboundAllow('127.0.0.1/32')
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port
        s.close(() => resolve(p))
      })
    })
    const raw = createServer()
    raw.on('connection', (socket) => socket.end('-ERR unknown command\r\n'))
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r))
    const rawPort = (raw.address() as AddressInfo).port
    try {
      const a = await createSource(serviceContext(db, admin, now), http(`http://127.0.0.1:${closed}/`), {
        ...rules(),
        outbound: allowLoopback,
      })
      const b = await createSource(serviceContext(db, admin, now), http(`http://127.0.0.1:${rawPort}/`), {
        ...rules(),
        outbound: allowLoopback,
      })
      const c = await createSource(serviceContext(db, admin, now), http(`http://127.0.0.1:${port}/passwd`), {
        ...rules(),
        outbound: allowLoopback,
      })
      const { errors } = await pull({ outbound: allowLoopback })
      expect(errors.get(a.id)).toBe(SOURCE_UNREACHABLE)
      expect(errors.get(b.id)).toBe(SOURCE_UNREACHABLE)
      expect(errors.get(c.id)).toBe('数据源返回的不是有效的 JSON')
    } finally {
      await new Promise((r) => raw.close(r))
    }
  })
})
