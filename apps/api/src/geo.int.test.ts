import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_BOUNDARY_BYTES, type GeoShape } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { checkBoundaryFile } from '@cockpit/domain'
import { shippedGeoDir } from '@cockpit/seeds'
import { mapChildren } from '@cockpit/services/catalog'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, type loginClient } from './testing/http.js'
import { displayKey, signedInUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

type Body = GeoShape & { code?: string; message?: string }
const square = (i: number) => [
  [
    [i * 2, 0],
    [i * 2, 1],
    [i * 2 + 1, 1],
    [i * 2 + 1, 0],
    [i * 2, 0],
  ],
]
const featureOf = (adcode: string, i: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { adcode, name: '文件里的名字', ...props },
  geometry: { type: 'Polygon', coordinates: square(i) },
})
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

/** Every file in a folder of boundary files fits the tree: each child of a mapped jurisdiction has one shape, none is orphaned. */
async function shippedProblems(db: Parameters<typeof mapChildren>[0], dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.geojson'))) {
    const code = name.replace(/\.geojson$/, '')
    const parent = await db
      .selectFrom('jurisdictions')
      .select(['code', 'name'])
      .where('code', '=', code)
      .executeTakeFirst()
    if (!parent) {
      out.push(`${name}: 行政区划 ${code} 不存在`)
      continue
    }
    const checked = checkBoundaryFile(readFileSync(join(dir, name), 'utf8'), parent, await mapChildren(db, code))
    if (!checked.ok) out.push(`${name}: ${checked.problems.join(';')}`)
  }
  return out
}

describe.each(testDatabases())('map shapes (geo) on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  let kids360100: { code: string; name: string }[]
  const fixtureDir = mkdtempSync(join(tmpdir(), 'geo-shipped-'))
  beforeAll(async () => {
    ctx = await seededApp(target, { geoDir: fixtureDir })
    admin = await signedInUser(ctx, { username: 'geo-admin', password: 'geo admin pass', role: 'admin' })
    kids360100 = await mapChildren(ctx.handle.db, '360100')
  })
  afterAll(async () => {
    await ctx?.close()
    rmSync(fixtureDir, { recursive: true, force: true })
  })
  const upload = async (adcode: string, text: string, approvalNo?: string, auth = admin.auth) => {
    const form = new FormData()
    form.set('file', new File([text], `${adcode}.geojson`, { type: 'application/geo+json' }))
    if (approvalNo !== undefined) form.set('approvalNo', approvalNo)
    const res = await ctx.app.request(`/api/v1/admin/geo/${adcode}`, {
      method: 'PUT',
      headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
      body: form,
    })
    return { status: res.status, body: (await res.json()) as Body }
  }
  const validFile = () => collection(kids360100.map((k, i) => featureOf(k.code, i)))

  it('draws the schematic: one equal tile per non-retired child, keyed by adcode, names from the tree', async () => {
    await ctx.handle.db
      .updateTable('jurisdictions')
      .set({ retired_at: new Date('2024-01-01T00:00:00Z') })
      .where('code', '=', kids360100.at(-1)!.code)
      .execute()
    const res = await admin.get<Body>('/api/v1/geo/360100')
    await ctx.handle.db
      .updateTable('jurisdictions')
      .set({ retired_at: null })
      .where('code', '=', kids360100.at(-1)!.code)
      .execute()
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ adcode: '360100', name: '南昌市', source: 'schematic' })
    expect(res.body.approvalNo).toBeUndefined()
    const live = kids360100.slice(0, -1)
    expect(res.body.features.features.map((f) => f.properties)).toEqual(
      live.map((k) => ({ adcode: k.code, name: k.name })),
    )
    expect(live.length).toBeGreaterThan(5)
    const full = await admin.get<Body>('/api/v1/geo/360100')
    expect(full.body.features.features).toHaveLength(kids360100.length)
    const county = await admin.get<Body>(`/api/v1/geo/${kids360100[0]!.code}`)
    expect(county.body.features.features).toEqual([])
    expect((await admin.get<Body>('/api/v1/geo/999999')).status).toBe(404)
  })

  it('answers 304 to If-None-Match with the same ETag, privately cached', async () => {
    const first = await ctx.app.request('/api/v1/geo/360000', { headers: { cookie: admin.auth.cookie } })
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^".+"$/)
    expect(first.headers.get('cache-control')).toContain('private')
    const again = await ctx.app.request('/api/v1/geo/360000', {
      headers: { cookie: admin.auth.cookie, 'if-none-match': etag! },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const other = await ctx.app.request('/api/v1/geo/360000', {
      headers: { cookie: admin.auth.cookie, 'if-none-match': '"stale"' },
    })
    expect(other.status).toBe(200)
  })

  it('lets a display key see its own place and below, and refuses one above it (403)', async () => {
    const key = await displayKey(ctx.handle.db, '360100', '地图测试大屏')
    const wall = client(ctx.app, { token: key.token })
    expect((await wall.get<Body>('/api/v1/geo/360100')).status).toBe(200)
    expect((await wall.get<Body>(`/api/v1/geo/${kids360100[0]!.code}`)).status).toBe(200)
    const above = await wall.get<Body>('/api/v1/geo/360000')
    expect(above.status).toBe(403)
    expect(above.body.message).toContain('无权查看行政区划 360000 的地图')
    const manager = await signedInUser(ctx, {
      username: 'geo-manager-y',
      password: 'manager pass y',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    expect((await manager.get<Body>('/api/v1/geo/360100')).status).toBe(403)
    expect((await manager.get<Body>('/api/v1/geo/321000')).status).toBe(200)
  })

  it('replaces the schematic with an approved upload (cleaned, names from the tree, 审图号 kept), audited, and DELETE brings it back', async () => {
    const file = collection(kids360100.map((k, i) => featureOf(k.code, i, { onclick: 'alert(1)', style: 'x' })))
    const res = await upload('360100', file, ' 赣S(2024)001号 ')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ source: 'approved', approvalNo: '赣S(2024)001号' })
    expect(res.body.features.features.map((f) => f.properties)).toEqual(
      kids360100.map((k) => ({ adcode: k.code, name: k.name })),
    )
    expect(JSON.stringify(res.body)).not.toMatch(/alert|onclick|文件里的名字/)
    const read = await admin.get<Body>('/api/v1/geo/360100')
    expect(read.body.source).toBe('approved')
    expect(read.body.features.features[1]!.geometry.coordinates).toEqual(square(1))
    const row = await ctx.handle.db
      .selectFrom('boundary_files')
      .selectAll()
      .where('jurisdiction_code', '=', '360100')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ approval_no: '赣S(2024)001号', bytes: new TextEncoder().encode(file).length })
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/)
    const audits = await ctx.handle.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'geo')
      .where('entity_id', '=', '360100')
      .execute()
    expect(audits.map((a) => a.action)).toEqual(['geo.upload'])

    const removed = await admin.send<Body>('DELETE', '/api/v1/admin/geo/360100')
    expect(removed.status).toBe(200)
    expect(removed.body.source).toBe('schematic')
    expect((await admin.get<Body>('/api/v1/geo/360100')).body.source).toBe('schematic')
    const again = await admin.send<Body>('DELETE', '/api/v1/admin/geo/360100')
    expect(again.status).toBe(404)
    expect(again.body.message).toContain('审图号边界文件不存在')
  })

  it('refuses every invalid file with its reason in Chinese, storing nothing', async () => {
    const [a, b, c] = kids360100 as [
      { code: string; name: string },
      { code: string; name: string },
      { code: string; name: string },
    ]
    const rest = kids360100.slice(3).map((k, i) => featureOf(k.code, i + 3))
    /** The whole valid file, but the first child's geometry replaced by `geometry`. */
    const withFirstGeometry = (geometry: unknown) =>
      collection([{ ...featureOf(a.code, 0), geometry }, featureOf(b.code, 1), featureOf(c.code, 2), ...rest])
    const cases: [string, string][] = [
      ['not json', '文件不是有效的 JSON'],
      ['{"type":"Feature","properties":{},"geometry":null}', 'FeatureCollection'],
      [collection([featureOf(a.code, 0), featureOf(b.code, 1), ...rest]), `缺少下级区划的边界: ${c.name}(${c.code})`],
      [
        collection([featureOf(a.code, 0), featureOf(b.code, 1), featureOf(c.code, 2), featureOf('360000', 9), ...rest]),
        '以下代码不是南昌市(360100)的现行下级区划: 360000',
      ],
      [
        collection([featureOf(a.code, 0), featureOf(a.code, 5), featureOf(b.code, 1), featureOf(c.code, 2), ...rest]),
        `下级区划的边界重复(每个区划只能有一个要素): ${a.name}(${a.code})`,
      ],
      [
        withFirstGeometry({
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
        '只接受 Polygon 或 MultiPolygon',
      ],
      [
        withFirstGeometry({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [0, 1],
              [1, 1],
              [1, 0],
            ],
          ],
        }),
        '环未闭合',
      ],
      [
        withFirstGeometry({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [0, 'x'],
              [1, 1],
              [0, 0],
            ],
          ],
        }),
        '有限数字',
      ],
    ]
    for (const [text, reason] of cases) {
      const res = await upload('360100', text, '赣S(2024)002号')
      expect(res.status, reason).toBe(400)
      expect(res.body.message, reason).toContain('请求体 file: ')
      expect(res.body.message, reason).toContain(reason)
    }
    const badNo = await upload('360100', validFile(), '号'.repeat(101))
    expect(badNo.status).toBe(400)
    expect(badNo.body.message).toBe('请求体 approvalNo: 审图号不超过 100 个字符')
    const county = await upload(a.code, collection([]))
    expect(county.status).toBe(400)
    expect(county.body.message).toContain('没有下级区划')
    const missing = await ctx.app.request('/api/v1/admin/geo/360100', {
      method: 'PUT',
      headers: { cookie: admin.auth.cookie, 'x-csrf-token': admin.auth.csrf, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as Body).message).toContain('缺少边界文件')
    const big = await upload('360100', `${' '.repeat(MAX_BOUNDARY_BYTES + 70 * 1024)}${validFile()}`)
    expect(big.status).toBe(413)
    expect(big.body.message).toBe('边界文件超过 5 MB 上限')
    const rows = await ctx.handle.db
      .selectFrom('boundary_files')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(0)
  })

  it('serves a shipped file when no approved one exists, and an approved upload wins over it', async () => {
    writeFileSync(join(fixtureDir, '360100.geojson'), validFile())
    try {
      expect((await admin.get<Body>('/api/v1/geo/360100')).body.source).toBe('shipped')
      expect((await upload('360100', validFile(), '赣S(2024)003号')).status).toBe(200)
      expect((await admin.get<Body>('/api/v1/geo/360100')).body).toMatchObject({
        source: 'approved',
        approvalNo: '赣S(2024)003号',
      })
      await admin.send('DELETE', '/api/v1/admin/geo/360100')
      expect((await admin.get<Body>('/api/v1/geo/360100')).body.source).toBe('shipped')
    } finally {
      rmSync(join(fixtureDir, '360100.geojson'))
    }
  })

  it('checks the shipped folder against the tree (none shipped yet: a fixture folder shows the check bites)', async () => {
    expect(await shippedProblems(ctx.handle.db, shippedGeoDir)).toEqual([])
    const dir = mkdtempSync(join(tmpdir(), 'geo-fixture-'))
    try {
      const cities = await mapChildren(ctx.handle.db, '360000')
      writeFileSync(join(dir, '360000.geojson'), collection(cities.map((k, i) => featureOf(k.code, i))))
      expect(await shippedProblems(ctx.handle.db, dir)).toEqual([])
      writeFileSync(
        join(dir, '360100.geojson'),
        collection([...kids360100.slice(1).map((k, i) => featureOf(k.code, i)), featureOf('321000', 40)]),
      )
      const problems = await shippedProblems(ctx.handle.db, dir)
      expect(problems).toHaveLength(1)
      expect(problems[0]).toContain(`缺少下级区划的边界: ${kids360100[0]!.name}`)
      expect(problems[0]).toContain('321000')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
