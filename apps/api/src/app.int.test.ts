import type { Indicator, IndicatorDetail, JurisdictionNode, Plan, Task } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { readSeedFiles } from '@cockpit/seeds'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { loginClient } from './testing/http.js'
import { signedInUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const seed = readSeedFiles({ sourceDir: null })
const seededIndicatorCount = seed.plans.reduce((n, p) => n + p.data.indicators.length, 0)

describe.each(testDatabases())('read API on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  // A viewer without jurisdictions reads everything, as a province-wide wall screen would.
  let viewer: Awaited<ReturnType<typeof loginClient>>
  beforeAll(async () => {
    ctx = await seededApp(target)
    viewer = await signedInUser(ctx, { username: 'read-viewer', password: 'viewer pass 1', role: 'viewer' })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const get = <T>(path: string) => viewer.get<T>(path)

  it('answers 401 to a caller without a session or token, except health and the OpenAPI document', async () => {
    const anonymous = async (path: string) => (await ctx.app.request(path)).status
    expect(await anonymous('/api/v1/indicators')).toBe(401)
    expect(await anonymous('/api/v1/jurisdictions')).toBe(401)
    expect(await anonymous('/api/v1/health')).toBe(200)
    expect(await anonymous('/api/v1/openapi.json')).toBe(200)
  })

  it('reports the database reachable on the health endpoint', async () => {
    const { status, body } = await get<{ status: string; database: { reachable: boolean } }>('/api/v1/health')
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', database: { reachable: true } })
  })

  it('serves the jurisdiction tree with 达州市 above 大竹县 inside 四川省', async () => {
    const { body } = await get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
    expect(body.items.map((j) => j.code)).toEqual(['320000', '330000', '360000', '510000'])
    const sichuan = body.items.find((j) => j.code === '510000')!
    const dazhou = sichuan.children.find((c) => c.code === '511700')!
    expect(dazhou).toMatchObject({ code: '511700', name: '达州市' })
    expect(dazhou.children.find((c) => c.code === '511724')).toMatchObject({
      code: '511724',
      name: '大竹县',
      level: 'county',
    })
    const { body: dazhu } = await get<{ ancestors: { code: string }[] }>('/api/v1/jurisdictions/511724')
    expect(dazhu.ancestors.map((a) => a.code)).toEqual(['510000', '511700'])
  })

  it('serves every city and county of the seeded provinces, 南京市 and 玄武区 under 江苏省', async () => {
    const { body } = await get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
    const jiangsu = body.items.find((j) => j.code === '320000')!
    expect(jiangsu.children).toHaveLength(13)
    const nanjing = jiangsu.children.find((c) => c.code === '320100')!
    expect(nanjing.name).toBe('南京市')
    expect(nanjing.children.find((c) => c.code === '320102')?.name).toBe('玄武区')
    const { body: detail } = await get<{ children: { code: string }[] }>('/api/v1/jurisdictions/511700')
    expect(detail.children.map((c) => c.code)).toContain('511724')
  })

  it("counts each place's own plans and indicators in the tree and in its detail", async () => {
    const { body: tree } = await get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
    const { body: indicators } = await get<{ items: Indicator[] }>('/api/v1/indicators')
    const { body: plans } = await get<{ items: Plan[] }>('/api/v1/plans')
    const counted = new Map<string, { indicatorCount: number; planCount: number }>()
    const walk = (nodes: JurisdictionNode[]) => {
      for (const n of nodes) {
        counted.set(n.code, { indicatorCount: n.indicatorCount, planCount: n.planCount })
        walk(n.children)
      }
    }
    walk(tree.items)
    const places = new Set([
      ...indicators.items.map((i) => i.jurisdictionCode),
      ...plans.items.map((p) => p.jurisdictionCode),
    ])
    expect(places.size).toBeGreaterThan(1)
    for (const code of places)
      expect(counted.get(code), code).toEqual({
        indicatorCount: indicators.items.filter((i) => i.jurisdictionCode === code).length,
        planCount: plans.items.filter((p) => p.jurisdictionCode === code).length,
      })
    // A place with neither is counted 0, not left out.
    expect(counted.get('511700')).toEqual({ indicatorCount: 0, planCount: 0 })
    const { body: dazhu } = await get<{ indicatorCount: number; planCount: number }>('/api/v1/jurisdictions/511724')
    expect(dazhu).toMatchObject(counted.get('511724')!)
  })

  it("gives a province's manager every city and county below it, and nothing of another province", async () => {
    const manager = await signedInUser(ctx, {
      username: 'js-manager',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['320000'],
    })
    const { body } = await manager.get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
    expect(body.items.map((j) => j.code)).toEqual(['320000'])
    expect((await manager.get('/api/v1/jurisdictions/320102')).status).toBe(200)
    expect((await manager.get('/api/v1/jurisdictions/321000')).status).toBe(200)
    expect((await manager.get('/api/v1/jurisdictions/511724')).status).toBe(404)
  })

  it('leaves a retired code out of the tree unless a plan still hangs on it', async () => {
    const db = ctx.handle.db
    const retire = (codes: string[], at: Date | null) =>
      db.updateTable('jurisdictions').set({ retired_at: at }).where('code', 'in', codes).execute()
    await retire(['511722', '511724'], new Date())
    try {
      const { body } = await get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
      const dazhou = body.items.find((j) => j.code === '510000')!.children.find((c) => c.code === '511700')!
      const codes = dazhou.children.map((c) => c.code)
      expect(codes).not.toContain('511722')
      expect(codes).toContain('511724')
    } finally {
      await retire(['511722', '511724'], null)
    }
  })

  it('lists every seeded indicator of all five plans with baselines, targets, comparators, nature and citations', async () => {
    const { body } = await get<{ items: Indicator[]; total: number }>('/api/v1/indicators')
    expect(body.total).toBe(seededIndicatorCount)
    expect(new Set(body.items.map((i) => i.jurisdictionCode))).toEqual(
      new Set(['320000', '321000', '330800', '360100', '511724']),
    )
    for (const i of body.items) {
      expect(i.targets.length).toBeGreaterThan(0)
      expect(i.citation.quote.length).toBeGreaterThan(1)
      expect(i.citation.document.length).toBeGreaterThan(1)
    }
    const cloud = body.items.find((i) => i.key === 'fsm-zwxt-sly')!
    expect(cloud).toMatchObject({ baseline: { year: 2022, value: 30 }, nature: 'expected', unit: '%' })
    expect(cloud.targets).toEqual([
      expect.objectContaining({ year: 2025, comparator: 'gte', value: 80, label: '≥80%' }),
    ])
  })

  it('filters indicators by jurisdiction (with descendants), plan, pillar and binding', async () => {
    const binding = await get<{ items: Indicator[] }>('/api/v1/indicators?jurisdiction=360100&binding=true')
    expect(binding.body.items).toHaveLength(8)
    expect(binding.body.items.every((i) => i.nature === 'binding')).toBe(true)
    const province = await get<{ total: number }>('/api/v1/indicators?jurisdiction=510000')
    expect(province.body.total).toBe(0)
    const withChildren = await get<{ items: Indicator[] }>('/api/v1/indicators?jurisdiction=510000&descendants=true')
    expect(withChildren.body.items.length).toBeGreaterThan(0)
    expect(withChildren.body.items.every((i) => i.jurisdictionCode === '511724')).toBe(true)
    const pillar = await get<{ items: Indicator[] }>('/api/v1/indicators?plan=nanchang-2023&pillar=ywtb')
    expect(pillar.body.items.length).toBeGreaterThan(0)
    expect(pillar.body.items.every((i) => i.pillar?.key === 'ywtb')).toBe(true)
  })

  it('shows one indicator with its targets, citation, owner and a derived status', async () => {
    const { body: list } = await get<{ items: Indicator[] }>('/api/v1/indicators?plan=dazhu-2022')
    const zero = list.items.find((i) => i.key === 'bl-zmsx-count')!
    const { status, body } = await get<IndicatorDetail>(`/api/v1/indicators/${zero.id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ direction: 'lower', targets: [{ comparator: 'lte', value: 0 }] })
    expect(body.departments.some((d) => d.role === 'lead')).toBe(true)
    expect(body.citation.quote).toContain('0')
    expect(body.status).toMatchObject({ status: 'no-data', label: '暂无数据', asOf: '2024-06-30' })
    expect(body.milestones.length).toBeGreaterThan(0)
  })

  it('lists every numbered task with its departments and a due state at the clock', async () => {
    const { body } = await get<{ items: Task[] }>('/api/v1/tasks?plan=yangzhou-2023&kind=task')
    expect(body.items).toHaveLength(20)
    for (const t of body.items) {
      expect(t.departments.some((d) => d.role === 'lead')).toBe(true)
      // 2023 work points were due at the end of 2023 and none is marked done: overdue by mid-2024.
      expect(t.dueState).toBe('overdue')
    }
    const all = await get<{ items: Task[] }>('/api/v1/tasks?kind=task')
    const perPlan = new Map<string, number>()
    for (const t of all.body.items) perPlan.set(t.planKey, (perPlan.get(t.planKey) ?? 0) + 1)
    for (const { data } of seed.plans)
      expect(perPlan.get(data.plan.key)).toBe(data.tasks.filter((t) => t.kind === 'task').length)
  })

  it('lists plans with document number, issuer, horizon and counts', async () => {
    const { body } = await get<{ items: Plan[] }>('/api/v1/plans')
    expect(body.items).toHaveLength(5)
    expect(body.items.find((p) => p.key === 'nanchang-2023')).toMatchObject({
      docNumber: '洪府办发〔2023〕10号',
      startYear: 2022,
      endYear: 2025,
      indicatorCount: 32,
    })
  })

  it('answers bad parameters with 400 saying where and why, and unknown ids with 404', async () => {
    const bad = await get<{ code: string; message: string; requestId: string }>(
      '/api/v1/indicators?jurisdiction=36&nature=hard',
    )
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('invalid_request')
    expect(bad.body.message).toContain('jurisdiction')
    expect(bad.body.message).toContain('nature')
    expect(bad.body.requestId).not.toBe('')
    expect((await get('/api/v1/indicators/abc')).status).toBe(400)
    const missing = await get<{ code: string }>('/api/v1/indicators/999999')
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found' } })
    expect((await get('/api/v1/plans/no-such-plan')).status).toBe(404)
    expect((await get('/api/v1/nothing-here')).status).toBe(404)
  })

  it('publishes an OpenAPI document listing every route', async () => {
    const { body } = await get<{ openapi: string; paths: Record<string, unknown> }>('/api/v1/openapi.json')
    expect(body.openapi).toBe('3.1.0')
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/indicators', '/api/v1/indicators/{id}', '/api/v1/tasks', '/api/v1/health']),
    )
  })

  it('reports the database unavailable with 503 once it is gone, while liveness stays 200', async () => {
    const gone = await seededApp(target)
    await gone.close()
    const res = await gone.app.request('/api/v1/health')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'unavailable', ready: false, database: { reachable: false } })
    expect((await gone.app.request('/api/v1/health/ready')).status).toBe(503)
    expect((await gone.app.request('/api/v1/health/live')).status).toBe(200)
  })
})
