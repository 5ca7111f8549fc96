import type {
  AdminUser,
  Alert,
  ApiError,
  AuditEntryView,
  Indicator,
  IndicatorDetail,
  SubmissionAccepted,
} from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitFor, waitProcessed } from './testing/http.js'
import { departmentIdByKey, departmentReporter, indicatorIdByKey, signedInUser } from './testing/principals.js'
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

  const indicatorId = (key: string) => indicatorIdByKey(ctx.handle.db, key)
  /** Asks the admin API for a new user; the password is long enough unless `extra` says otherwise. */
  const newUser = <T>(username: string, displayName: string, role: string, extra: Record<string, unknown> = {}) =>
    admin.post<T>('/api/v1/admin/users', { username, displayName, role, password: 'a long enough pass', ...extra })
  const auditOf = async (entity: string, entityId: number | string) =>
    (await admin.get<Audit>(`/api/v1/audit?entity=${entity}&entityId=${entityId}`)).body.items

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    const dept = await departmentReporter(ctx, '360100', 'szsj')
    reporter = dept.api
    admin = await signedInUser(ctx, { username: 'root-admin', password: 'admin password 1', role: 'admin' })
    manager = await signedInUser(ctx, {
      username: 'leader-nc',
      password: 'leader password 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    reporterUser = await signedInUser(ctx, {
      username: 'filler-nc',
      password: 'filler password 1',
      role: 'reporter',
      departmentId: dept.departmentId,
    })
    planId = (
      await ctx.handle.db.selectFrom('plans').select('id').where('key', '=', 'nanchang-2023').executeTakeFirstOrThrow()
    ).id
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
    const szsj = await departmentIdByKey(ctx.handle.db, 'szsj')
    const created = await admin.post<IndicatorDetail>(
      '/api/v1/admin/indicators',
      newIndicator({ departments: [{ departmentId: szsj, role: 'lead' }] }),
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      key: 'ggsj-zlpf',
      planKey: 'nanchang-2023',
      jurisdictionCode: '360100',
      targets: [{ year: 2025, dueDate: '2025-12-31', label: '≥90%' }],
    })
    expect(created.body.status.status).toBe('no-data')
    const list = await admin.get<{ items: Indicator[] }>('/api/v1/indicators?plan=nanchang-2023')
    const listed = list.body.items.find((i) => i.key === 'ggsj-zlpf')
    expect(listed).toMatchObject({ name: '公共数据质量评分达标率', departments: [{ key: 'szsj', role: 'lead' }] })
  })

  it('answers 400 naming the target year when it lies outside the plan horizon', async () => {
    const res = await admin.post<ApiError>(
      '/api/v1/admin/indicators',
      newIndicator({ key: 'out-of-horizon', targets: [{ year: 2030, comparator: 'gte', value: 90 }] }),
    )
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('invalid_request')
    expect(res.body.message).toContain('targets.0.year')
    expect(res.body.message).toContain('2022–2025')
    expect(res.body.requestId).not.toBe('')
  })

  it('refuses a unit that does not fit the measure, and a range without a larger upper bound', async () => {
    const percent = await admin.post<ApiError>(
      '/api/v1/admin/indicators',
      newIndicator({ key: 'bad-unit', unit: '个' }),
    )
    expect(percent.status).toBe(400)
    expect(percent.body.message).toMatch(/请求体 unit: .*%/)
    const range = await admin.post<ApiError>(
      '/api/v1/admin/indicators',
      newIndicator({
        key: 'bad-range',
        unit: '个',
        measure: 'count',
        baseline: null,
        targets: [{ year: 2025, comparator: 'range', value: 2, valueMax: 1 }],
      }),
    )
    expect(range.status).toBe(400)
    expect(range.body.message).toContain('targets.0.valueMax')
    const count = await admin.post<ApiError>(
      '/api/v1/admin/indicators',
      newIndicator({
        key: 'bad-count',
        unit: '个',
        measure: 'count',
        baseline: null,
        targets: [{ year: 2025, comparator: 'gte', value: 2.5 }],
      }),
    )
    expect(count.body.message).toContain('targets.0.value')
  })

  it('editing a target flips the indicator status at once, and alert evaluation follows', async () => {
    const id = await indicatorId('dzzz-yzl')
    const rule = await admin.post('/api/v1/alert-rules', {
      name: '约束性指标滞后',
      severity: 'critical',
      params: { kind: 'binding-off-track' },
      scope: { jurisdictionCode: '360100', bindingOnly: true },
      groupWaitSeconds: 0,
    })
    expect(rule.status).toBe(201)
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: `nanchang-2023/dzzz-yzl`, period: '2024-05', value: 52 }],
    })
    expect(sent.status).toBe(202)
    expect((await waitProcessed(reporter, sent.body.id)).state).toBe('processed')
    const before = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    expect(before.body.status.status).toBe('on-track')

    const targetId = before.body.targets[0]!.id
    const edited = await admin.send<IndicatorDetail>('PATCH', `/api/v1/admin/indicators/${id}/targets/${targetId}`, {
      value: 100,
    })
    expect(edited.status).toBe(200)
    expect(edited.body.targets[0]).toMatchObject({ id: targetId, value: 100, label: '≥100%' })
    expect(edited.body.status.status).toBe('off-track')
    const after = await manager.get<{ items: Indicator[] }>('/api/v1/indicators?plan=nanchang-2023&status=off-track')
    expect(after.body.items.map((i) => i.id)).toContain(id)

    const alert = await waitFor(async () =>
      (await manager.get<{ items: Alert[] }>(`/api/v1/alerts?indicator=${id}`)).body.items.find(
        (a) => a.state === 'firing',
      ),
    )
    expect(alert).toMatchObject({ severity: 'critical', jurisdictionCode: '360100' })
  })

  it('refuses a target edit that moves its year outside the plan horizon, naming the field', async () => {
    const id = await indicatorId('dzzz-yzl')
    const detail = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    const res = await admin.send<ApiError>(
      'PATCH',
      `/api/v1/admin/indicators/${id}/targets/${detail.body.targets[0]!.id}`,
      { year: 2026 },
    )
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/请求体 year: .*2026/)
  })

  it('refuses deleting the only target of an indicator with 409', async () => {
    const id = await indicatorId('dzyz-fgl')
    const detail = await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)
    const res = await admin.send<ApiError>(
      'DELETE',
      `/api/v1/admin/indicators/${id}/targets/${detail.body.targets[0]!.id}`,
    )
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
    const update = entries.find(
      (e) => e.action === 'indicator.target.update' && (e.after as { target: { value: number } }).target.value === 100,
    )
    expect(update).toMatchObject({
      actor: { label: 'user:root-admin' },
      entity: 'indicator',
      entityId: String(id),
      before: { target: { value: 75 } },
    })
    expect(update!.requestId).toBeTruthy()
    const created = await ctx.handle.db
      .selectFrom('indicators')
      .select('id')
      .where('key', '=', 'ggsj-zlpf')
      .executeTakeFirstOrThrow()
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
  it('creates a user who can log in, lists users without hashes, and a disabled user loses the session at once', async () => {
    const szsj = await departmentIdByKey(ctx.handle.db, 'szsj')
    const created = await newUser<AdminUser>('new-filler', '新填报员', 'reporter', { departmentId: szsj })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      username: 'new-filler',
      role: 'reporter',
      departmentId: szsj,
      disabled: false,
    })
    const list = await admin.get<{ items: Record<string, unknown>[] }>('/api/v1/admin/users')
    expect(list.body.items.map((u) => u.username)).toContain('new-filler')
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/i)

    const session = await loginClient(ctx.app, 'new-filler', 'a long enough pass')
    expect((await session.get('/api/v1/tokens')).status).toBe(200)
    const disabled = await admin.post<AdminUser>(`/api/v1/admin/users/${created.body.id}/disable`, {})
    expect(disabled.body.disabled).toBe(true)
    expect((await session.get('/api/v1/tokens')).status).toBe(401)
    const relogin = await ctx.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'new-filler', password: 'a long enough pass' }),
    })
    expect(relogin.status).toBe(401)
  })

  it('validates a new user: short password, reporter without department, manager without jurisdictions, taken username', async () => {
    const short = await newUser<ApiError>('shorty', '短密码', 'admin', { password: 'too short' })
    expect(short.status).toBe(400)
    expect(short.body.message).toContain('请求体 password')
    const noDept = await newUser<ApiError>('no-dept', '无部门', 'reporter')
    expect(noDept.status).toBe(400)
    expect(noDept.body.message).toContain('departmentId')
    const noScope = await newUser<ApiError>('no-scope', '无辖区', 'manager')
    expect(noScope.body.message).toContain('jurisdictions')
    const taken = await newUser<ApiError>('leader-nc', '重名', 'viewer', { jurisdictions: ['360100'] })
    expect(taken.status).toBe(409)
  })

  it('changes a role and scope, resets a password once, and logs each change without secrets', async () => {
    const created = await newUser<AdminUser>('watcher', '观察员', 'viewer', {
      jurisdictions: ['360100'],
      password: 'first password 1',
    })
    const id = created.body.id
    const promoted = await admin.send<AdminUser>('PATCH', `/api/v1/admin/users/${id}`, {
      role: 'manager',
      jurisdictions: ['360100', '320000'],
    })
    expect(promoted.status).toBe(200)
    expect(promoted.body).toMatchObject({ role: 'manager', jurisdictions: ['320000', '360100'] })
    const old = await loginClient(ctx.app, 'watcher', 'first password 1')
    const reset = await admin.post<{ password: string }>(`/api/v1/admin/users/${id}/reset-password`, {})
    expect(reset.status).toBe(200)
    expect(reset.body.password.length).toBeGreaterThanOrEqual(12)
    expect((await old.get('/api/v1/alerts')).status).toBe(401)
    await loginClient(ctx.app, 'watcher', reset.body.password)

    const history = await auditOf('user', id)
    expect(history.map((e) => e.action)).toEqual([
      'login',
      'user.reset-password',
      'login',
      'user.update',
      'user.create',
    ])
    const update = history.find((e) => e.action === 'user.update')!
    expect(update).toMatchObject({
      actor: { label: 'user:root-admin' },
      before: { role: 'viewer' },
      after: { role: 'manager' },
    })
    expect(JSON.stringify(history)).not.toContain(reset.body.password)
    expect(JSON.stringify(history)).not.toMatch(/scrypt/)
  })

  it('refuses an admin disabling or demoting themselves', async () => {
    const me = (await admin.get<{ items: AdminUser[] }>('/api/v1/admin/users?role=admin')).body.items.find(
      (u) => u.username === 'root-admin',
    )!
    expect((await admin.post<ApiError>(`/api/v1/admin/users/${me.id}/disable`, {})).status).toBe(409)
    expect(
      (
        await admin.send<ApiError>('PATCH', `/api/v1/admin/users/${me.id}`, {
          role: 'viewer',
          jurisdictions: ['360100'],
        })
      ).status,
    ).toBe(409)
  })

  it('lists department tokens without secrets, a reporter only their own, and audits issuing and revoking', async () => {
    const szsj = await departmentIdByKey(ctx.handle.db, 'szsj')
    const other = await departmentIdByKey(ctx.handle.db, 'fgw')
    const issued = await admin.post<{ id: number; token: string }>('/api/v1/tokens', {
      departmentId: other,
      name: '发改委数据平台',
    })
    expect(issued.status).toBe(201)
    const all = await admin.get<{ items: { id: number; departmentId: number; prefix: string }[] }>('/api/v1/tokens')
    expect(all.body.items.map((t) => t.id)).toContain(issued.body.id)
    expect(JSON.stringify(all.body)).not.toContain(issued.body.token)
    const own = await reporterUser.get<{ items: { departmentId: number }[] }>('/api/v1/tokens')
    expect(own.body.items.length).toBeGreaterThan(0)
    expect(own.body.items.every((t) => t.departmentId === szsj)).toBe(true)
    expect((await admin.send('DELETE', `/api/v1/tokens/${issued.body.id}`)).status).toBe(204)
    expect((await client(ctx.app, { token: issued.body.token }).get('/api/v1/tokens')).status).toBe(401)
    expect((await auditOf('api_token', issued.body.id)).map((e) => e.action)).toEqual(['token.revoke', 'token.create'])
  })
  it('builds a plan from nothing: jurisdiction, plan, pillar, department, indicator with target, seen in the indicator list', async () => {
    const county = await admin.post<{ code: string; ancestors: { code: string }[] }>('/api/v1/admin/jurisdictions', {
      code: '360199',
      name: '测试新区',
      level: 'county',
      parentCode: '360100',
    })
    expect(county.status).toBe(201)
    expect(county.body.ancestors.map((a) => a.code)).toContain('360100')
    const plan = await admin.post<{ id: number; key: string; startYear: number }>('/api/v1/admin/plans', {
      key: 'ceshi-2024',
      jurisdictionCode: '360199',
      title: '测试新区数字政府建设方案',
      issuer: '测试新区管委会',
      issuedOn: '2024-01-15',
      startYear: 2024,
      endYear: 2026,
      sourceFile: 'ceshi.txt',
      citation,
    })
    expect(plan.status).toBe(201)
    const pillar = await admin.post<{ id: number }>(`/api/v1/admin/plans/${plan.body.id}/pillars`, {
      key: 'szdz',
      name: '数字底座',
      citation,
    })
    expect(pillar.status).toBe(201)
    const dept = await admin.post<{ id: number; contactMobiles: string[] }>('/api/v1/admin/departments', {
      jurisdictionCode: '360199',
      key: 'sjj',
      name: '新区数据局',
      contactMobiles: ['13800000000'],
    })
    expect(dept.status).toBe(201)
    expect(dept.body.contactMobiles).toEqual(['13800000000'])
    const indicator = await admin.post<IndicatorDetail>('/api/v1/admin/indicators', {
      planId: plan.body.id,
      key: 'zwy-sll',
      pillarId: pillar.body.id,
      name: '政务系统上云率',
      unit: '%',
      measure: 'percent',
      direction: 'higher',
      nature: 'binding',
      cadence: 'quarterly',
      citation,
      targets: [{ year: 2026, comparator: 'gte', value: 95 }],
      departments: [{ departmentId: dept.body.id, role: 'lead' }],
    })
    expect(indicator.status).toBe(201)
    const list = await admin.get<{ items: Indicator[] }>('/api/v1/indicators?plan=ceshi-2024')
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).toMatchObject({
      key: 'zwy-sll',
      jurisdictionCode: '360199',
      pillar: { key: 'szdz' },
      targets: [{ year: 2026, label: '≥95%' }],
      departments: [{ key: 'sjj', role: 'lead' }],
    })

    const refused = await admin.send<ApiError>('DELETE', `/api/v1/admin/pillars/${pillar.body.id}`)
    expect(refused.status).toBe(409)
    expect(refused.body.message).toContain('1 个指标')
    const narrower = await admin.send<ApiError>('PATCH', `/api/v1/admin/plans/${plan.body.id}`, { endYear: 2025 })
    expect(narrower.status).toBe(409)
    expect(narrower.body.message).toContain('zwy-sll')
    const reversed = await admin.send<ApiError>('PATCH', `/api/v1/admin/plans/${plan.body.id}`, { startYear: 2027 })
    expect(reversed.status).toBe(400)

    for (const [entity, id, action] of [
      ['jurisdiction', '360199', 'jurisdiction.create'],
      ['plan', plan.body.id, 'plan.create'],
      ['pillar', pillar.body.id, 'pillar.create'],
      ['department', dept.body.id, 'department.create'],
    ] as const) {
      const [entry] = await auditOf(entity, id)
      expect(entry).toMatchObject({ action, actor: { label: 'user:root-admin' }, before: null })
      expect(entry!.after).toBeTruthy()
    }
  })

  it('refuses a jurisdiction parent that would make a cycle, or that does not exist, and a code that is not 6 digits', async () => {
    const cycle = await admin.send<ApiError>('PATCH', '/api/v1/admin/jurisdictions/360100', { parentCode: '360199' })
    expect(cycle.status).toBe(400)
    expect(cycle.body.message).toContain('请求体 parentCode')
    expect(cycle.body.message).toContain('循环')
    const self = await admin.send<ApiError>('PATCH', '/api/v1/admin/jurisdictions/360100', { parentCode: '360100' })
    expect(self.status).toBe(400)
    const orphan = await admin.post<ApiError>('/api/v1/admin/jurisdictions', {
      code: '360198',
      name: '孤儿区',
      level: 'county',
      parentCode: '369999',
    })
    expect(orphan.status).toBe(400)
    expect(orphan.body.message).toContain('parentCode')
    const badCode = await admin.post<ApiError>('/api/v1/admin/jurisdictions', {
      code: '3601',
      name: '错码',
      level: 'county',
      parentCode: null,
    })
    expect(badCode.status).toBe(400)
    expect(badCode.body.message).toContain('请求体 code')
    const renamed = await admin.send<{ name: string }>('PATCH', '/api/v1/admin/jurisdictions/360199', {
      name: '测试新区(更名)',
    })
    expect(renamed.body.name).toBe('测试新区(更名)')
    const [entry] = await auditOf('jurisdiction', '360199')
    expect(entry).toMatchObject({
      action: 'jurisdiction.update',
      before: { name: '测试新区' },
      after: { name: '测试新区(更名)' },
    })
  })

  it("deletes an empty pillar and replaces an indicator's departments, both audited", async () => {
    const plan = await ctx.handle.db
      .selectFrom('plans')
      .select('id')
      .where('key', '=', 'ceshi-2024')
      .executeTakeFirstOrThrow()
    const spare = await admin.post<{ id: number }>(`/api/v1/admin/plans/${plan.id}/pillars`, {
      key: 'kong',
      name: '空板块',
      citation,
    })
    expect((await admin.send('DELETE', `/api/v1/admin/pillars/${spare.body.id}`)).status).toBe(204)
    expect((await auditOf('pillar', spare.body.id)).map((e) => e.action)).toEqual(['pillar.delete', 'pillar.create'])

    const id = await indicatorId('dzzz-yzl')
    const depts = await ctx.handle.db
      .selectFrom('departments')
      .select(['id', 'key'])
      .where('jurisdiction_code', '=', '360100')
      .where('key', 'in', ['szsj', 'fgw'])
      .execute()
    const links = depts.map((d) => ({ departmentId: d.id, role: d.key === 'szsj' ? 'lead' : 'cooperating' }))
    const set = await admin.send<IndicatorDetail>('PUT', `/api/v1/admin/indicators/${id}/departments`, {
      departments: links,
    })
    expect(set.status).toBe(200)
    expect(set.body.departments.map((d) => [d.key, d.role]).sort()).toEqual([
      ['fgw', 'cooperating'],
      ['szsj', 'lead'],
    ])
    const noLead = await admin.send<ApiError>('PUT', `/api/v1/admin/indicators/${id}/departments`, {
      departments: [{ departmentId: depts[0]!.id, role: 'cooperating' }],
    })
    expect(noLead.status).toBe(400)
    const foreign = await ctx.handle.db
      .selectFrom('departments')
      .select('id')
      .where('jurisdiction_code', '<>', '360100')
      .executeTakeFirstOrThrow()
    const elsewhere = await admin.send<ApiError>('PUT', `/api/v1/admin/indicators/${id}/departments`, {
      departments: [{ departmentId: foreign.id, role: 'lead' }],
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.message).toContain('departments.0.departmentId')
    const [entry] = await auditOf('indicator', id)
    expect(entry).toMatchObject({
      action: 'indicator.departments',
      after: { departments: expect.arrayContaining([{ departmentId: depts[0]!.id, role: expect.any(String) }]) },
    })
  })
})
