import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type {
  DueReports,
  IndicatorSource,
  OverdueReports,
  ReminderList,
  ReportingRates,
  Submission,
  SubmissionAccepted,
} from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { runReportingCycle } from '@cockpit/services/reporting'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitFor } from './testing/http.js'
import { createStaff, departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')
const periodFor = (cadence: string) =>
  cadence === 'monthly' ? '2024-03' : cadence === 'quarterly' ? '2024-Q1' : '2023'

describe.each(testDatabases())('reporting discipline API on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let otherDepartmentId: number
  let owned: Awaited<ReturnType<typeof ownedIndicators>>
  let server: Server
  let sourceUrl: string
  let served: unknown = {}
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => NOW })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    owned = (await ownedIndicators(ctx.handle.db, dept.departmentId)).filter(
      (i) => i.start_year <= 2023 && i.end_year >= 2024,
    )
    const other = await ctx.handle.db
      .selectFrom('departments')
      .select('id')
      .where('jurisdiction_code', '=', '360100')
      .where('id', '<>', dept.departmentId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    otherDepartmentId = other.id
    await createStaff(ctx.handle.db, 'rep', 'viewer')
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served)),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stat.json`
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    await ctx?.close()
  })

  const login = async (username: string, password: string) => (await loginClient(ctx.app, username, password)).auth
  const reporter = () => client(ctx.app, { token: dept.token })
  const maintenanceJob = async (kind: 'reporting-cycle' | 'pull-sources') => {
    const job = await ctx.producers!.maintenance.add(kind, { kind })
    return waitFor(async () => {
      // State first, then the job: a job read before it completes carries no return value yet.
      const state = await ctx.producers!.maintenance.getJobState(job.id!)
      if (state !== 'completed' && state !== 'failed') return undefined
      const j = await ctx.producers!.maintenance.getJob(job.id!)
      if (state === 'failed') throw new Error(`job ${kind} failed: ${j?.failedReason}`)
      return j!.returnvalue as Record<string, number>
    })
  }

  it('runs the reporting cycle as a maintenance job and creates the periods departments owe', async () => {
    const result = await maintenanceJob('reporting-cycle')
    expect(result.periods).toBeGreaterThan(0)
    const n = await ctx.handle.db
      .selectFrom('reporting_periods')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', 'is not', null)
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(result.periods)
    // Tasks and milestones owe progress reports in the same table.
    const tasks = await ctx.handle.db
      .selectFrom('reporting_periods')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('task_id', 'is not', null)
      .executeTakeFirstOrThrow()
    expect(Number(tasks.n)).toBeGreaterThan(0)
  })

  it('answers 401 to anonymous callers on every reporting and source route', async () => {
    for (const path of [
      '/api/v1/reporting/rates',
      '/api/v1/reporting/overdue',
      '/api/v1/reporting/reminders',
      '/api/v1/sources',
    ])
      expect((await client(ctx.app).get(path)).status).toBe(401)
    expect((await client(ctx.app).post('/api/v1/sources', {})).status).toBe(401)
  })

  it("shows a reporter only its own department's rates, overdue reports and reminders, and 403 for another department", async () => {
    await runReportingCycle(ctx.handle.db, { now: NOW })
    const rates = await reporter().get<ReportingRates>('/api/v1/reporting/rates')
    expect(rates.status).toBe(200)
    expect(rates.body.asOf).toBe('2024-06-30')
    expect(rates.body.items.length).toBe(1)
    expect(rates.body.items[0]).toMatchObject({ departmentId: dept.departmentId })
    expect(rates.body.items[0]!.due).toBe(
      rates.body.items[0]!.onTime + rates.body.items[0]!.late + rates.body.items[0]!.missing,
    )
    const overdue = await reporter().get<OverdueReports>('/api/v1/reporting/overdue?limit=50')
    expect(overdue.status).toBe(200)
    expect(overdue.body.items.length).toBeGreaterThan(0)
    expect(overdue.body.items.every((o) => o.departmentId === dept.departmentId && o.dueDate < '2024-06-30')).toBe(true)
    const reminders = await reporter().get<ReminderList>('/api/v1/reporting/reminders')
    expect(reminders.status).toBe(200)
    expect(reminders.body.items.every((r) => r.departmentId === dept.departmentId)).toBe(true)

    for (const path of ['/api/v1/reporting/rates', '/api/v1/reporting/overdue', '/api/v1/reporting/reminders']) {
      const res = await reporter().get<{ code: string; message: string }>(`${path}?department=${otherDepartmentId}`)
      expect(res.status).toBe(403)
      expect(res.body.message).toContain('本单位')
    }
    expect((await reporter().get(`/api/v1/reporting/rates?department=${dept.departmentId}`)).status).toBe(200)
  })

  it('shows a manager every department of their jurisdictions and refuses others; a viewer reads them all', async () => {
    const manager = await login('rep-manager', 'manager pass 1')
    const rates = await client(ctx.app, manager).get<ReportingRates>('/api/v1/reporting/rates')
    expect(rates.status).toBe(200)
    expect(rates.body.items.length).toBeGreaterThan(1)
    expect(rates.body.items.every((r) => r.jurisdictionCode === '360100')).toBe(true)
    expect((await client(ctx.app, manager).get('/api/v1/reporting/rates?jurisdiction=321000')).status).toBe(403)
    const viewer = await login('rep-viewer', 'viewer pass 1')
    const all = await client(ctx.app, viewer).get<ReportingRates>('/api/v1/reporting/rates')
    expect(all.status).toBe(200)
    expect(new Set(all.body.items.map((r) => r.jurisdictionCode)).size).toBeGreaterThan(1)
    const bad = await client(ctx.app, manager).get<{ message: string }>('/api/v1/reporting/rates?asOf=2024-02-30')
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('查询参数 asOf')
  })

  it('marks the period a department reports through the API as reported', async () => {
    const ind = owned[0]!
    const period = periodFor(ind.cadence)
    const res = await reporter().post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: ind.id, period, value: ind.measure === 'percent' ? 51 : 5 }],
    })
    expect(res.status).toBe(202)
    await waitFor(async () => {
      const r = await reporter().get<Submission>(`/api/v1/submissions/${res.body.id}`)
      return r.body.state === 'processed' ? r.body : undefined
    })
    const row = await ctx.handle.db
      .selectFrom('reporting_periods')
      .selectAll()
      .where('indicator_id', '=', ind.id)
      .where('jurisdiction_code', '=', ind.jurisdiction_code)
      .where('period_key', '=', period)
      .executeTakeFirstOrThrow()
    expect(row.first_reported_at).not.toBeNull()
    expect(row.state).toMatch(/^reported-(on-time|late)$/)
  })

  it("tells a reporter, per indicator it leads, the period now due, its due date and state, and refuses another department's", async () => {
    const due = await reporter().get<DueReports>('/api/v1/reporting/due')
    expect(due.status).toBe(200)
    expect(due.body.asOf).toBe('2024-06-30')
    expect(due.body.items.length).toBeGreaterThan(0)
    expect(due.body.items.every((i) => i.departmentId === dept.departmentId)).toBe(true)
    const quarterly = due.body.items.find((i) => owned.some((o) => o.id === i.indicatorId && o.cadence === 'quarterly'))
    if (quarterly)
      expect(quarterly).toMatchObject({ periodKey: '2024-Q1', periodLabel: '2024年第一季度', dueDate: '2024-04-15' })
    // Report the period now due of one unreported indicator: it turns reported (late: due date passed).
    const open = due.body.items.find((i) => i.state === 'overdue' || i.state === 'missing')!
    const ind = owned.find((o) => o.id === open.indicatorId)!
    const res = await reporter().post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: ind.id, period: open.periodKey, value: ind.measure === 'percent' ? 51 : 5 }],
    })
    expect(res.status).toBe(202)
    await waitFor(async () =>
      (await reporter().get<Submission>(`/api/v1/submissions/${res.body.id}`)).body.state === 'processed'
        ? true
        : undefined,
    )
    const after = (await reporter().get<DueReports>('/api/v1/reporting/due')).body.items.find(
      (i) => i.indicatorId === open.indicatorId,
    )!
    expect(after).toMatchObject({ state: 'reported-late', stateLabel: '逾期报送' })
    expect(after.firstReportedAt).not.toBeNull()
    const denied = await reporter().get<{ message: string }>(`/api/v1/reporting/due?department=${otherDepartmentId}`)
    expect(denied.status).toBe(403)
  })

  it('lets only an admin bind an external JSON source, validated, and the worker pulls it into an observation', async () => {
    const admin = await login('rep-admin', 'admin pass 1')
    const ind = owned[1]!
    const period = periodFor(ind.cadence)
    const value = ind.measure === 'percent' ? 77 : 9
    served = { result: { stat: { period, value } } }
    const body = {
      indicator: ind.id,
      kind: 'http-json',
      location: sourceUrl,
      fieldPath: 'result.stat.value',
      periodField: 'result.stat.period',
      everyMinutes: 30,
    }

    const badLocation = await client(ctx.app, admin).post<{ message: string }>('/api/v1/sources', {
      ...body,
      location: 'ftp://example.org/x.json',
    })
    expect(badLocation.status).toBe(400)
    expect(badLocation.body.message).toContain('请求体 location')
    const badCsv = await client(ctx.app, admin).post<{ message: string }>('/api/v1/sources', {
      ...body,
      kind: 'csv-file',
      location: 'data/x.csv',
    })
    expect(badCsv.status).toBe(400)
    expect(badCsv.body.message).toBe(
      '请求体 location: 服务器未启用 csv-file 数据源(未配置数据源文件目录 SOURCE_FILES_DIR)',
    )
    const unknown = await client(ctx.app, admin).post<{ message: string }>('/api/v1/sources', {
      ...body,
      indicator: 'nanchang-2023/no-such-indicator',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toContain('不存在')
    const emptyField = await client(ctx.app, admin).post('/api/v1/sources', { ...body, fieldPath: ' ' })
    expect(emptyField.status).toBe(400)
    expect((await reporter().post('/api/v1/sources', body)).status).toBe(403)
    expect((await reporter().get('/api/v1/sources')).status).toBe(403)

    const created = await client(ctx.app, admin).post<IndicatorSource>('/api/v1/sources', body)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      indicatorId: ind.id,
      jurisdictionCode: ind.jurisdiction_code,
      kind: 'http-json',
      everyMinutes: 30,
      enabled: true,
      lastPulledAt: null,
    })
    const listed = await client(ctx.app, admin).get<{ items: IndicatorSource[] }>('/api/v1/sources')
    expect(listed.body.items.map((s) => s.id)).toContain(created.body.id)

    await maintenanceJob('pull-sources')
    const obs = await waitFor(async () =>
      ctx.handle.db
        .selectFrom('observations')
        .selectAll()
        .where('indicator_id', '=', ind.id)
        .where('source', '=', 'pull')
        .executeTakeFirst(),
    )
    expect(obs).toMatchObject({ period_key: period, value, department_id: dept.departmentId })
    const after = await client(ctx.app, admin).get<{ items: IndicatorSource[] }>('/api/v1/sources')
    expect(after.body.items.find((s) => s.id === created.body.id)).toMatchObject({
      lastPulledAt: NOW.toISOString(),
      lastError: null,
    })

    expect(
      (
        await ctx.app.request(`/api/v1/sources/${created.body.id}`, {
          method: 'DELETE',
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        })
      ).status,
    ).toBe(204)
    expect(
      (
        await ctx.app.request(`/api/v1/sources/${created.body.id}`, {
          method: 'DELETE',
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        })
      ).status,
    ).toBe(404)
  })
})
