import type {
  ApiError,
  AuditEntryView,
  IndicatorDetail,
  ObservationPeriod,
  Review,
  Submission,
  SubmissionAccepted,
} from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type client, sseReader, waitProcessed } from './testing/http.js'
import { departmentIdByKey, departmentToken, displayKey, signedInUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const citation = { section: '一、总体要求', quote: '测试引用原文' }
type Api = ReturnType<typeof client>
type Item = { indicator: number; jurisdiction: string; period: string; value: number }

describe.each(testDatabases())('roll-up of child values into a parent on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Api
  let planId: number
  let zwb: number
  let cities: string[]
  let counties: string[]

  const children = async (code: string) =>
    (
      await ctx.handle.db
        .selectFrom('jurisdictions')
        .select('code')
        .where('parent_code', '=', code)
        .where('retired_at', 'is', null)
        .orderBy('code')
        .execute()
    ).map((r) => r.code)
  const newIndicator = async (key: string, overrides: Record<string, unknown> = {}) => {
    const res = await admin.post<IndicatorDetail>('/api/v1/admin/indicators', {
      planId,
      key,
      name: `汇总测试指标 ${key}`,
      unit: '个',
      measure: 'count',
      direction: 'higher',
      nature: 'expected',
      cadence: 'yearly',
      baseline: null,
      citation,
      targets: [{ year: 2025, comparator: 'gte', value: 100 }],
      departments: [{ departmentId: zwb, role: 'lead' }],
      ...overrides,
    })
    expect(res.status).toBe(201)
    return res.body.id
  }
  const submit = async (items: Item[]) => {
    const res = await admin.post<SubmissionAccepted>('/api/v1/submissions', { items })
    expect(res.status).toBe(202)
    return waitProcessed<Submission>(admin, res.body.id)
  }
  const history = async (id: number, code = '320000') =>
    (await admin.get<{ periods: ObservationPeriod[] }>(`/api/v1/indicators/${id}/observations?jurisdiction=${code}`))
      .body
  const rollups = async (id: number, code = '320000') =>
    (
      await ctx.handle.db
        .selectFrom('observations')
        .select('id')
        .where('indicator_id', '=', id)
        .where('jurisdiction_code', '=', code)
        .where('source', '=', 'rollup')
        .execute()
    ).length
  const setRule = (id: number, body: unknown) =>
    admin.send<IndicatorDetail | ApiError>('PUT', `/api/v1/admin/indicators/${id}/rollup`, body)

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    admin = await signedInUser(ctx, { username: 'rollup-admin', password: 'admin password 1', role: 'admin' })
    planId = (
      await ctx.handle.db.selectFrom('plans').select('id').where('key', '=', 'jiangsu-14th').executeTakeFirstOrThrow()
    ).id
    zwb = await departmentIdByKey(ctx.handle.db, 'zwb', '320000')
    cities = await children('320000')
    counties = await children('320100')
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('derives the province from its cities on ingest, follows a revision, and re-deriving the same inputs inserts nothing', async () => {
    const id = await newIndicator('rollup-sum')
    expect((await setRule(id, { rule: 'sum', minCoverage: 1, ownValue: 'derived' })).status).toBe(200)
    const started = Date.now()
    expect(
      await submit(cities.map((c, i) => ({ indicator: id, jurisdiction: c, period: '2023', value: i + 1 }))),
    ).toMatchObject({ acceptedCount: cities.length })
    const total = (cities.length * (cities.length + 1)) / 2
    const { body: ind } = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    console.log(
      `rollup: ${cities.length} city values submitted → 江苏 derived and its status recomputed in ${Date.now() - started} ms`,
    )
    expect(ind.rollup).toMatchObject({
      rule: 'sum',
      ruleLabel: '求和',
      minCoverage: 1,
      ownValue: 'derived',
      weightIndicator: null,
    })
    expect(ind.status.latestValue).toBe(total)
    expect(ind.status.coverage).toEqual({
      reported: cities.length,
      expected: cities.length,
      complete: true,
      periodKey: '2023',
    })
    const period = (await history(id)).periods.find((p) => p.periodKey === '2023')!
    expect(period.value).toBe(total)
    expect(period.revisions[0]).toMatchObject({
      source: 'rollup',
      value: total,
      provenance: { reported: cities.length, expected: cities.length, complete: true },
    })
    expect(period.revisions[0]!.provenance!.children.find((c) => c.code === '320100')).toMatchObject({
      name: '南京市',
      value: 1,
    })

    // A new revision of 南京市 (+5): a new derived value whose provenance names that revision.
    expect(await submit([{ indicator: id, jurisdiction: '320100', period: '2023', value: 6 }])).toMatchObject({
      acceptedCount: 1,
    })
    const nanjing = await ctx.handle.db
      .selectFrom('observations')
      .select(['id', 'revision'])
      .where('indicator_id', '=', id)
      .where('jurisdiction_code', '=', '320100')
      .orderBy('revision', 'desc')
      .executeTakeFirstOrThrow()
    const revised = (await history(id)).periods.find((p) => p.periodKey === '2023')!
    expect(revised.value).toBe(total + 5)
    expect(revised.revisions.map((r) => r.value)).toEqual([total + 5, total])
    expect(revised.revisions[0]!.provenance!.children.find((c) => c.code === '320100')).toMatchObject({
      observationId: String(nanjing.id),
      revision: Number(nanjing.revision),
      value: 6,
    })

    // Same rule again (re-derives every period): the same inputs insert nothing.
    const before = await rollups(id)
    expect((await setRule(id, { rule: 'sum', minCoverage: 1, ownValue: 'derived' })).status).toBe(200)
    expect(await rollups(id)).toBe(before)

    // Changing the rule derives every period with child values again.
    const max = await setRule(id, { rule: 'max', minCoverage: 1, ownValue: 'derived' })
    expect(max.status).toBe(200)
    expect((max.body as IndicatorDetail).status.latestValue).toBe(Math.max(cities.length, 6))
    expect(await rollups(id)).toBe(before + 1)
  })

  it('stores an incomplete roll-up but lets it drive neither the status nor the period value', async () => {
    const id = await newIndicator('rollup-partial')
    await setRule(id, { rule: 'sum', minCoverage: 0.8, ownValue: 'derived' })
    await submit(cities.map((c) => ({ indicator: id, jurisdiction: c, period: '2022', value: 10 })))
    await submit(cities.slice(0, 5).map((c) => ({ indicator: id, jurisdiction: c, period: '2023', value: 20 })))
    const { body: ind } = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    expect(ind.status.latestValue).toBe(10 * cities.length)
    expect(ind.status.reason).toContain(`下级上报不足 (5/${cities.length})`)
    expect(ind.status.coverage).toEqual({ reported: 5, expected: cities.length, complete: false, periodKey: '2023' })
    const p2023 = (await history(id)).periods.find((p) => p.periodKey === '2023')!
    expect(p2023.value).toBeNull()
    expect(p2023.revisions[0]).toMatchObject({
      source: 'rollup',
      value: 100,
      provenance: { reported: 5, complete: false },
    })

    // Enough cities now: the derived value counts.
    await submit(cities.slice(5).map((c) => ({ indicator: id, jurisdiction: c, period: '2023', value: 20 })))
    const { body: after } = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    expect(after.status.latestValue).toBe(20 * cities.length)
    expect(after.status.reason).not.toContain('下级上报不足')
  })

  it("refuses a direct report for a derived parent, and lets the parent's own report win when it is 'reported'", async () => {
    const id = await newIndicator('rollup-own')
    await setRule(id, { rule: 'sum', minCoverage: 0, ownValue: 'derived' })
    const refused = await submit([{ indicator: id, jurisdiction: '320000', period: '2023', value: 5 }])
    expect(refused).toMatchObject({ acceptedCount: 0, rejectedCount: 1 })
    expect(refused.errors[0]).toMatchObject({
      code: 'rollup_derived',
      message: '该指标的江苏省数值由下级汇总得出,不能直接填报',
    })

    await setRule(id, { rule: 'sum', minCoverage: 0, ownValue: 'reported' })
    expect(await submit([{ indicator: id, jurisdiction: '320000', period: '2023', value: 999 }])).toMatchObject({
      acceptedCount: 1,
    })
    await submit(cities.map((c) => ({ indicator: id, jurisdiction: c, period: '2023', value: 1 })))
    expect(await rollups(id)).toBe(0)
    const { body: ind } = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    expect(ind.status.latestValue).toBe(999)
    // A period the province did not report itself is derived.
    await submit(cities.map((c) => ({ indicator: id, jurisdiction: c, period: '2024', value: 2 })))
    expect((await history(id)).periods.find((p) => p.periodKey === '2024')!.value).toBe(2 * cities.length)
  })

  it('derives nested levels bottom-up: county → city → province', async () => {
    const id = await newIndicator('rollup-nested', { unit: '%', measure: 'percent' })
    await setRule(id, { rule: 'mean', minCoverage: 0, ownValue: 'derived' })
    await submit(
      counties.map((c, i) => ({ indicator: id, jurisdiction: c, period: '2023', value: i % 2 === 0 ? 40 : 60 })),
    )
    const mean = counties.reduce((a, _, i) => a + (i % 2 === 0 ? 40 : 60), 0) / counties.length
    expect((await history(id, '320100')).periods[0]).toMatchObject({
      value: mean,
      revisions: [{ provenance: { reported: counties.length, expected: counties.length, complete: true } }],
    })
    const province = (await history(id)).periods[0]!
    expect(province.value).toBeCloseTo(mean)
    expect(province.revisions[0]!.provenance).toMatchObject({
      reported: 1,
      expected: cities.length,
      children: [{ code: '320100' }],
    })
  })

  it('weights a rate by another indicator per child', async () => {
    const systems = await newIndicator('rollup-systems')
    const rate = await newIndicator('rollup-rate', { unit: '%', measure: 'percent' })
    await submit(
      cities.map((c, i) => ({ indicator: systems, jurisdiction: c, period: '2023', value: i === 0 ? 30 : 10 })),
    )
    await submit(
      cities.map((c, i) => ({ indicator: rate, jurisdiction: c, period: '2023', value: i === 0 ? 100 : 50 })),
    )
    const res = await setRule(rate, {
      rule: 'weighted-mean',
      weightIndicator: systems,
      minCoverage: 1,
      ownValue: 'derived',
    })
    expect(res.status).toBe(200)
    const n = cities.length
    expect((res.body as IndicatorDetail).status.latestValue).toBeCloseTo(
      (30 * 100 + (n - 1) * 10 * 50) / (30 + (n - 1) * 10),
    )
    expect((res.body as IndicatorDetail).rollup!.weightIndicator).toMatchObject({ id: systems })
    // A revised weight derives the rate again.
    await submit([{ indicator: systems, jurisdiction: cities[0]!, period: '2023', value: 10 }])
    expect((await history(rate)).periods[0]!.value).toBeCloseTo((10 * 100 + (n - 1) * 10 * 50) / (n * 10))
  })

  it('checks the rule at the edge and against stored rows, audits it on the indicator, and deletes it', async () => {
    const id = await newIndicator('rollup-admin')
    const noWeight = await setRule(id, { rule: 'weighted-mean', minCoverage: 1, ownValue: 'derived' })
    expect(noWeight.status).toBe(400)
    expect((noWeight.body as ApiError).message).toContain('weightIndicator')
    const strayWeight = await setRule(id, { rule: 'sum', weightIndicator: id, minCoverage: 1, ownValue: 'derived' })
    expect((strayWeight.body as ApiError).message).toContain('只有加权平均')
    expect((await setRule(id, { rule: 'sum', minCoverage: 1.5 })).status).toBe(400)
    const share = await setRule(id, { rule: 'share-meeting', minCoverage: 1, ownValue: 'derived' })
    expect(share.status).toBe(400)
    expect((share.body as ApiError).message).toContain('请求体 rule: 达标占比')
    expect((await setRule(999999, { rule: 'sum' })).status).toBe(404)

    expect((await setRule(id, { rule: 'min' })).body).toMatchObject({
      rollup: { rule: 'min', minCoverage: 1, ownValue: 'derived' },
    })
    const removed = await admin.send<IndicatorDetail>('DELETE', `/api/v1/admin/indicators/${id}/rollup`)
    expect(removed.status).toBe(200)
    expect(removed.body.rollup).toBeNull()
    expect((await admin.send<ApiError>('DELETE', `/api/v1/admin/indicators/${id}/rollup`)).status).toBe(404)
    const { body: audit } = await admin.get<{ items: AuditEntryView[] }>(
      `/api/v1/audit?entity=indicator&entityId=${id}`,
    )
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(['indicator.rollup.set', 'indicator.rollup.delete']),
    )
  })

  it('counts children meeting the target for share-meeting and follows a target change', async () => {
    const id = await newIndicator('rollup-share', {
      unit: '%',
      measure: 'percent',
      targets: [
        { year: 2023, comparator: 'gte', value: 80 },
        { year: 2025, comparator: 'gte', value: 90 },
      ],
    })
    await submit(cities.map((c, i) => ({ indicator: id, jurisdiction: c, period: '2023', value: i < 4 ? 85 : 50 })))
    const res = await setRule(id, { rule: 'share-meeting', minCoverage: 1, ownValue: 'derived' })
    expect((res.body as IndicatorDetail).status.latestValue).toBeCloseTo(400 / cities.length)
    const t2023 = (res.body as IndicatorDetail).targets.find((t) => t.year === 2023)!
    await admin.send('PATCH', `/api/v1/admin/indicators/${id}/targets/${t2023.id}`, { value: 40 })
    expect((await history(id)).periods[0]!.value).toBe(100)
  })

  it("streams the parent's derived status to a province's wall when a city reports", async () => {
    const id = await newIndicator('rollup-live')
    await setRule(id, { rule: 'sum', minCoverage: 0, ownValue: 'derived' })
    const screen = await displayKey(ctx.handle.db, '320000')
    const abort = new AbortController()
    const res = await ctx.app.request('/api/v1/events', {
      headers: { authorization: `Bearer ${screen.token}` },
      signal: abort.signal,
    })
    const stream = sseReader(res.body!)
    await stream.readUntil('event: hello', 5000)
    const started = Date.now()
    expect(
      (
        await admin.post('/api/v1/submissions', {
          items: [{ indicator: id, jurisdiction: '320100', period: '2023', value: 7 }],
        })
      ).status,
    ).toBe(202)
    // The indicator's creation published its empty status too; wait for the derived value.
    const needle = `"indicatorId":${id},"jurisdictionCode":"320000"`
    const derived = (l: string) => l.startsWith('data:') && l.includes(needle) && l.includes('"latestValue":7,')
    const until = Date.now() + 10_000
    while (!stream.text().split('\n').some(derived) && Date.now() < until)
      await stream.readUntil('never sent', 100).catch(() => {})
    console.log(
      `rollup: 南京市 value accepted → 江苏 derived status event on the wall's stream after ${Date.now() - started} ms`,
    )
    const line = stream.text().split('\n').find(derived)!
    expect(JSON.parse(line.slice(5))).toMatchObject({ type: 'status', indicatorId: id, latestValue: 7 })
    abort.abort()
    await stream.cancel()
  })

  it('derives the parent when a reviewed child value is approved, not before', async () => {
    const id = await newIndicator('rollup-review')
    await setRule(id, { rule: 'sum', minCoverage: 0, ownValue: 'derived' })
    expect(
      (await admin.send('PATCH', `/api/v1/indicators/${id}/review-setting`, { requiresReview: true })).status,
    ).toBe(200)
    await submit([{ indicator: id, jurisdiction: '320200', period: '2023', value: 11 }])
    expect(await rollups(id)).toBe(0)
    const pending = (await admin.get<{ items: Review[] }>('/api/v1/reviews?state=pending')).body.items.find(
      (r) => r.indicatorId === id,
    )!
    expect((await admin.post(`/api/v1/reviews/${pending.id}/approve`, {})).status).toBe(200)
    expect((await history(id)).periods[0]).toMatchObject({
      value: 11,
      revisions: [{ source: 'rollup', provenance: { reported: 1, children: [{ code: '320200', name: '无锡市' }] } }],
    })
  })

  it("lists a seeded derived indicator's template rows per city, never for the province itself", async () => {
    const seeded = (
      await admin.get<{ items: IndicatorDetail[] }>(
        `/api/v1/indicators?plan=jiangsu-14th&q=${encodeURIComponent('掌上执法覆盖率')}`,
      )
    ).body.items[0]!
    expect(seeded.rollup).toMatchObject({ rule: 'mean', minCoverage: 0.8, ownValue: 'derived' })
    const dept = await departmentToken(ctx.handle.db, '320000', 'zwb')
    const file = await ctx.app.request(`/api/v1/departments/${dept.departmentId}/template`, {
      headers: { authorization: `Bearer ${dept.token}` },
    })
    expect(file.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await file.arrayBuffer())
    const rows: string[] = []
    wb.getWorksheet('填报')!.eachRow((row) =>
      rows.push((row.values as unknown[]).map((v) => String(v ?? '')).join('|')),
    )
    const mine = rows.filter((r) => r.includes('掌上执法覆盖率'))
    expect(mine.some((r) => r.includes('320100'))).toBe(true)
    expect(mine.some((r) => r.includes('320000'))).toBe(false)
  })
})
