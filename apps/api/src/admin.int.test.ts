import type { Alert, ApiError, AuditEntryView, Indicator, IndicatorDetail, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitFor, waitProcessed } from './testing/http.js'
import { createUser, departmentToken } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

type Audit = { items: AuditEntryView[]; nextCursor: string | null }
const citation = { section: '一、总体要求', quote: '测试引用原文' }

describe.each(testDatabases())('administrator API on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: ReturnType<typeof client>
  let manager: ReturnType<typeof client>
  let reporterUser: ReturnType<typeof client>
  let reporter: ReturnType<typeof client>
  let planId: number

  const login = async (username: string, password: string) => {
    const res = await ctx.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    expect(res.status).toBe(200)
    const csrf = ((await res.json()) as { csrfToken: string }).csrfToken
    return client(ctx.app, { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf })
  }
  const indicatorId = async (key: string) =>
    (await ctx.handle.db.selectFrom('indicators').select('id').where('key', '=', key).where('jurisdiction_code', '=', '360100').executeTakeFirstOrThrow()).id
  const auditOf = async (entity: string, entityId: number | string) => (await admin.get<Audit>(`/api/v1/audit?entity=${entity}&entityId=${entityId}`)).body.items

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    reporter = client(ctx.app, { token: dept.token })
    await createUser(ctx.handle.db, { username: 'root-admin', password: 'admin password 1', role: 'admin' })
    await createUser(ctx.handle.db, { username: 'leader-nc', password: 'leader password 1', role: 'manager', jurisdictions: ['360100'] })
    await createUser(ctx.handle.db, { username: 'filler-nc', password: 'filler password 1', role: 'reporter', departmentId: dept.departmentId })
    admin = await login('root-admin', 'admin password 1')
    manager = await login('leader-nc', 'leader password 1')
    reporterUser = await login('filler-nc', 'filler password 1')
    planId = (await ctx.handle.db.selectFrom('plans').select('id').where('key', '=', 'nanchang-2023').executeTakeFirstOrThrow()).id
  })
  afterAll(async () => {
    await ctx?.close()
  })

  const newIndicator = (overrides: Record<string, unknown> = {}) => ({
    planId,
    key: 'ggsj-zlpf',
    name: '公共数据质量评分达标率',
    unit: '%',
    measure: 'percent',
    direction: 'higher',
    nature: 'expected',
    cadence: 'quarterly',
    baseline: { year: 2022, value: 50 },
    citation,
    targets: [{ year: 2025, comparator: 'gte', value: 90 }],
    departments: [{ departmentId: 1, role: 'lead' }],
    ...overrides,
  })

  it('creates an indicator with its target that then appears in the indicator list', async () => {
    const szsj = (await ctx.handle.db.selectFrom('departments').select('id').where('jurisdiction_code', '=', '360100').where('key', '=', 'szsj').executeTakeFirstOrThrow()).id
    const created = await admin.post<IndicatorDetail>('/api/v1/admin/indicators', newIndicator({ departments: [{ departmentId: szsj, role: 'lead' }] }))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ key: 'ggsj-zlpf', planKey: 'nanchang-2023', jurisdictionCode: '360100', targets: [{ year: 2025, dueDate: '2025-12-31', label: '≥90%' }] })
    expect(created.body.status.status).toBe('no-data')
    const list = await admin.get<{ items: Indicator[] }>('/api/v1/indicators?plan=nanchang-2023')
    const listed = list.body.items.find((i) => i.key === 'ggsj-zlpf')
    expect(listed).toMatchObject({ name: '公共数据质量评分达标率', departments: [{ key: 'szsj', role: 'lead' }] })
  })

  it('answers 400 naming the target year when it lies outside the plan horizon', async () => {
    const res = await admin.post<ApiError>('/api/v1/admin/indicators', newIndicator({ key: 'out-of-horizon', targets: [{ year: 2030, comparator: 'gte', value: 90 }] }))
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('invalid_request')
    expect(res.body.message).toContain('targets.0.year')
    expect(res.body.message).toContain('2022–2025')
    expect(res.body.requestId).not.toBe('')
  })

  it('refuses a unit that does not fit the measure, and a range without a larger upper bound', async () => {
    const percent = await admin.post<ApiError>('/api/v1/admin/indicators', newIndicator({ key: 'bad-unit', unit: '个' }))
    expect(percent.status).toBe(400)
    expect(percent.body.message).toMatch(/请求体 unit: .*%/)
    const range = await admin.post<ApiError>('/api/v1/admin/indicators', newIndicator({ key: 'bad-range', unit: '个', measure: 'count', baseline: null, targets: [{ year: 2025, comparator: 'range', value: 2, valueMax: 1 }] }))
    expect(range.status).toBe(400)
    expect(range.body.message).toContain('targets.0.valueMax')
    const count = await admin.post<ApiError>('/api/v1/admin/indicators', newIndicator({ key: 'bad-count', unit: '个', measure: 'count', baseline: null, targets: [{ year: 2025, comparator: 'gte', value: 2.5 }] }))
    expect(count.body.message).toContain('targets.0.value')
  })

  it('editing a target flips the indicator status at once, and alert evaluation follows', async () => {
    const id = await indicatorId('dzzz-yzl')
    const rule = await admin.post('/api/v1/alerts/rules', { name: '约束性指标滞后', severity: 'critical', params: { kind: 'binding-off-track' }, scope: { jurisdictionCode: '360100', bindingOnly: true }, groupWaitSeconds: 0 })
    expect(rule.status).toBe(201)
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', { items: [{ indicator: `nanchang-2023/dzzz-yzl`, period: '2024-05', value: 52 }] })
    expect(sent.status).toBe(202)
    expect((await waitProcessed(reporter, sent.body.id)).state).toBe('processed')
    const before = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    expect(before.body.status.status).toBe('on-track')

    const targetId = before.body.targets[0]!.id
    const edited = await admin.send<IndicatorDetail>('PATCH', `/api/v1/admin/indicators/${id}/targets/${targetId}`, { value: 100 })
    expect(edited.status).toBe(200)
    expect(edited.body.targets[0]).toMatchObject({ id: targetId, value: 100, label: '≥100%' })
    expect(edited.body.status.status).toBe('off-track')
    const after = await manager.get<{ items: Indicator[] }>('/api/v1/indicators?plan=nanchang-2023&status=off-track')
    expect(after.body.items.map((i) => i.id)).toContain(id)

    const alert = await waitFor(async () => (await manager.get<{ items: Alert[] }>(`/api/v1/alerts?indicator=${id}`)).body.items.find((a) => a.state === 'firing'))
    expect(alert).toMatchObject({ severity: 'critical', jurisdictionCode: '360100' })
  })

  it('refuses a target edit that moves its year outside the plan horizon, naming the field', async () => {
    const id = await indicatorId('dzzz-yzl')
    const detail = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    const res = await admin.send<ApiError>('PATCH', `/api/v1/admin/indicators/${id}/targets/${detail.body.targets[0]!.id}`, { year: 2026 })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/请求体 year: .*2026/)
  })

  it('refuses deleting the only target of an indicator with 409', async () => {
    const id = await indicatorId('dzyz-fgl')
    const detail = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    const res = await admin.send<ApiError>('DELETE', `/api/v1/admin/indicators/${id}/targets/${detail.body.targets[0]!.id}`)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('conflict')
  })

  it('gives reporters and managers 403 and strangers 401 on admin routes', async () => {
    for (const who of [manager, reporterUser, reporter]) {
      expect((await who.post('/api/v1/admin/indicators', newIndicator({ key: 'not-allowed' }))).status).toBe(403)
      expect((await who.get('/api/v1/audit')).status).toBe(403)
    }
    expect((await client(ctx.app).get('/api/v1/audit')).status).toBe(401)
    expect((await client(ctx.app).send('PATCH', '/api/v1/admin/indicators/1', { name: 'x' })).status).toBe(401)
  })

  it('records every indicator change in the audit log with its actor and before/after, newest first', async () => {
    const id = await indicatorId('dzzz-yzl')
    const entries = await auditOf('indicator', id)
    const update = entries.find((e) => e.action === 'indicator.target.update' && (e.after as { target: { value: number } }).target.value === 100)
    expect(update).toMatchObject({ actor: { label: 'user:root-admin' }, entity: 'indicator', entityId: String(id), before: { target: { value: 75 } } })
    expect(update!.requestId).toBeTruthy()
    const created = await ctx.handle.db.selectFrom('indicators').select('id').where('key', '=', 'ggsj-zlpf').executeTakeFirstOrThrow()
    expect((await auditOf('indicator', created.id)).map((e) => e.action)).toEqual(['indicator.create'])
  })

  it('pages the audit log by cursor without repeating or skipping entries', async () => {
    const all = (await admin.get<Audit>('/api/v1/audit?limit=200')).body.items
    expect(all.length).toBeGreaterThan(3)
    expect(all.map((e) => Number(e.id))).toEqual([...all.map((e) => Number(e.id))].sort((a, b) => b - a))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Audit = (await admin.get<Audit>(`/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body
      seen.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((e) => e.id))
    const byActor = (await admin.get<Audit>('/api/v1/audit?actor=root-admin&limit=200')).body.items
    expect(byActor.length).toBeGreaterThan(0)
    expect(byActor.every((e) => e.actor.label === 'user:root-admin')).toBe(true)
    const bad = await admin.get<ApiError>('/api/v1/audit?limit=0')
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('查询参数 limit')
  })
})
