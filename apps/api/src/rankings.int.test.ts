import type { IndicatorRanking, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { createUser, departmentToken, displayKey, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

describe.each(testDatabases())('地区排名 on $name', (target) => {
  let now = new Date('2024-04-05T04:00:00Z')
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let indicatorId: number
  let api: ReturnType<typeof client>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => now })
    const dept = await departmentToken(ctx.handle.db, '320000', 'zwb')
    api = client(ctx.app, { token: dept.token })
    const owned = await ownedIndicators(ctx.handle.db, dept.departmentId)
    indicatorId = owned.find(
      (i) => i.jurisdiction_code === '320000' && i.cadence === 'monthly' && i.measure === 'percent',
    )!.id
    const send = async (items: { jurisdiction: string; period: string; value: number }[]) => {
      const res = await api.post<SubmissionAccepted>('/api/v1/submissions', {
        items: items.map((i) => ({ indicator: indicatorId, ...i })),
      })
      expect(res.status).toBe(202)
      expect(await waitProcessed<Submission>(api, res.body.id)).toMatchObject({
        state: 'processed',
        acceptedCount: items.length,
      })
    }
    // March, due 10 April: 南京 and 苏州 on time (5 April), 扬州 late (30 June); April: all late.
    await send([
      { jurisdiction: '320100', period: '2024-03', value: 61 },
      { jurisdiction: '320500', period: '2024-03', value: 75 },
    ])
    now = new Date('2024-06-30T04:00:00Z')
    await send([
      { jurisdiction: '321000', period: '2024-03', value: 70 },
      { jurisdiction: '320100', period: '2024-04', value: 92 },
      { jurisdiction: '320500', period: '2024-04', value: 80 },
      { jurisdiction: '321000', period: '2024-04', value: 80 },
    ])
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('ranks the cities of 江苏 by their latest value, ties sharing a rank, and lists every city that never reported last', async () => {
    const res = await api.get<IndicatorRanking>(`/api/v1/indicators/${indicatorId}/ranking`)
    expect(res.status).toBe(200)
    const r = res.body
    expect(r).toMatchObject({ parentCode: '320000', parentName: '江苏省', by: 'value', direction: 'higher' })
    expect(r.rows.slice(0, 3).map((x) => [x.name, x.latestValue, x.rank])).toEqual([
      ['南京市', 92, 1],
      ['苏州市', 80, 2],
      ['扬州市', 80, 2],
    ])
    // 13 cities of 江苏 in the tree: the ten that never reported are unranked, with no value.
    expect(r.rows).toHaveLength(13)
    expect(r.rows.slice(3).every((x) => x.rank === null && x.latestValue === null && x.status === 'no-data')).toBe(true)
  })

  it('ranks on-time reporting over the periods due so far: a late report counts as due but not on time', async () => {
    const { body: r } = await api.get<IndicatorRanking>(`/api/v1/indicators/${indicatorId}/ranking?by=on-time`)
    expect(r.onTimeWindow).toEqual(['2024-03', '2024-04'])
    const byName = new Map(r.rows.map((x) => [x.name, x]))
    expect(byName.get('南京市')!.onTime).toEqual({ due: 2, onTime: 1, rate: 0.5 })
    expect(byName.get('扬州市')!.onTime).toEqual({ due: 2, onTime: 0, rate: 0 })
    expect(r.rows[0]!.rank).toBe(1)
    expect(
      r.rows
        .slice(0, 2)
        .map((x) => x.name)
        .sort(),
    ).toEqual(['南京市', '苏州市'])
    // Asked as of March's due date, April is not due yet: the window holds March alone.
    const { body: early } = await api.get<IndicatorRanking>(
      `/api/v1/indicators/${indicatorId}/ranking?by=on-time&asOf=2024-04-10`,
    )
    expect(early.onTimeWindow).toEqual(['2024-03'])
  })

  it('ranks by the gap to the path with the places ahead first', async () => {
    const { body: r } = await api.get<IndicatorRanking>(`/api/v1/indicators/${indicatorId}/ranking?by=gap`)
    const ranked = r.rows.filter((x) => x.rank !== null)
    expect(ranked.length).toBe(3)
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1]!.gapRatio!).toBeGreaterThanOrEqual(ranked[i]!.gapRatio!)
    expect(ranked[0]!.name).toBe('南京市')
  })

  it('lists every indicator with two or more places reported for a jurisdiction, as the wall reads them', async () => {
    const province = client(ctx.app, { token: (await displayKey(ctx.handle.db, '320000')).token })
    const res = await province.get<{ jurisdiction: string; items: IndicatorRanking[] }>(
      '/api/v1/rankings?jurisdiction=320000&by=gap',
    )
    expect(res.status).toBe(200)
    expect(res.body.items.map((r) => r.indicatorId)).toEqual([indicatorId])
    expect(res.body.items[0]).toMatchObject({ by: 'gap', parentCode: '320000' })
    // Below 南京 nothing was reported: no ranking, and a city screen may not ask about another city.
    expect((await province.get<{ items: unknown[] }>('/api/v1/rankings?jurisdiction=320100')).body.items).toEqual([])
    const city = client(ctx.app, { token: (await displayKey(ctx.handle.db, '320100')).token })
    expect((await city.get('/api/v1/rankings?jurisdiction=320500')).status).toBe(403)
  })

  it('lets a display key of the province read it, and answers 404 to a city screen and 400 to a parent outside the indicator', async () => {
    const province = client(ctx.app, { token: (await displayKey(ctx.handle.db, '320000')).token })
    expect((await province.get(`/api/v1/indicators/${indicatorId}/ranking?parent=320100`)).status).toBe(200)
    const city = client(ctx.app, { token: (await displayKey(ctx.handle.db, '320100')).token })
    expect((await city.get(`/api/v1/indicators/${indicatorId}/ranking`)).status).toBe(404)
    const outside = await api.get<{ code: string; message: string }>(
      `/api/v1/indicators/${indicatorId}/ranking?parent=360100`,
    )
    expect(outside.status).toBe(400)
    expect(outside.body.message).toContain('查询参数 parent')
    expect((await client(ctx.app, {}).get(`/api/v1/indicators/${indicatorId}/ranking`)).status).toBe(401)
  })

  it('puts the ranking in the monthly bulletin as the 地区排名 sheet, judged at the month end', async () => {
    await createUser(ctx.handle.db, { username: 'r-admin', password: 'admin pass 1', role: 'admin' })
    const login = await ctx.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'r-admin', password: 'admin pass 1' }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const wb = new ExcelJS.Workbook()
    const march = await ctx.app.request('/api/v1/reports/bulletin?month=2024-03&jurisdiction=320000', {
      headers: { cookie },
    })
    expect(march.status).toBe(200)
    await wb.xlsx.load(await march.arrayBuffer())
    const sheet = wb.getWorksheet('地区排名')!
    expect(sheet).toBeDefined()
    const rows: string[][] = []
    sheet.eachRow((row) =>
      rows.push(
        Array.from(row.values as unknown[])
          .slice(1)
          .map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    )
    expect(rows[2]!.slice(0, 5)).toEqual(['指标名称', '上级地区', '排名', '地区', '最新值'])
    // At the end of March only March counts: 苏州 75, 扬州 70, 南京 61 (April's values came later).
    const ranked = rows
      .slice(3)
      .filter((r) => r[2] !== '')
      .map((r) => [r[2], r[3], r[4]])
    expect(ranked).toEqual([
      ['1', '苏州市', '75'],
      ['2', '扬州市', '70'],
      ['3', '南京市', '61'],
    ])
  })
})
