import type {
  Alert,
  DueReports,
  OverdueReports,
  ReportingRates,
  SentReminder,
  TaskCompletionAccepted,
} from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { runReportingCycle } from '@cockpit/services/reporting'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitFor } from './testing/http.js'
import { createUser, departmentToken } from './testing/principals.js'
import { escalationsOf, runFollowUps } from './testing/alerts.js'
import { seededApp } from './testing/seeded-app.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
type Api = ReturnType<typeof client>
type Inbox = { items: { kind: string; alertId: string | null; title: string; body: string }[] }

// The product day is 2024-06-30. 南昌's tasks report monthly; 扬州市 (321000) sits under 江苏省 (320000).
describe.each(testDatabases())('重点任务 in reporting discipline and alerts, through the API, on $name', (target) => {
  let t = new Date('2024-06-30T04:00:00Z').getTime()
  const now = () => new Date(t)
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let ncLead: Api // 南昌 市数据局's token
  let ncReporter: Api // a 市数据局 user (reads the inbox)
  let ncManager: Api
  let yzLead: Api // 扬州 市政务办's token
  let province: Api
  let city: Api
  let admin: Api
  let ncTask: number
  let milestone: number

  const followUps = () => runFollowUps(ctx.producers!)

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now })
    const db = ctx.handle.db
    // A 南昌 task 市数据局 leads (no date of its own), and 扬州's 2023 milestone 市政务办 leads.
    ncTask = (
      await db
        .selectFrom('tasks as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .innerJoin('task_departments as l', 'l.task_id', 't.id')
        .innerJoin('departments as d', 'd.id', 'l.department_id')
        .select('t.id')
        .where('p.key', '=', 'nanchang-2023')
        .where('t.kind', '=', 'task')
        .where('l.role', '=', 'lead')
        .where('d.key', '=', 'szsj')
        .orderBy('t.id')
        .executeTakeFirstOrThrow()
    ).id
    milestone = (
      await db.selectFrom('tasks').select('id').where('title', '=', '上线运行工单系统').executeTakeFirstOrThrow()
    ).id
    const nc = await departmentToken(db, '360100', 'szsj')
    ncLead = client(ctx.app, { token: nc.token })
    yzLead = client(ctx.app, { token: (await departmentToken(db, '321000', 'zwb')).token })
    await createUser(db, {
      username: 'td-reporter',
      password: 'reporter pass 1',
      role: 'reporter',
      departmentId: nc.departmentId,
    })
    await createUser(db, { username: 'td-nc', password: 'manager pass 1', role: 'manager', jurisdictions: ['360100'] })
    await createUser(db, { username: 'td-js', password: 'province pass 1', role: 'manager', jurisdictions: ['320000'] })
    await createUser(db, { username: 'td-yz', password: 'city pass 1', role: 'manager', jurisdictions: ['321000'] })
    await createUser(db, { username: 'td-admin', password: 'admin pass 1', role: 'admin' })
    ncReporter = await loginClient(ctx.app, 'td-reporter', 'reporter pass 1')
    ncManager = await loginClient(ctx.app, 'td-nc', 'manager pass 1')
    province = await loginClient(ctx.app, 'td-js', 'province pass 1')
    city = await loginClient(ctx.app, 'td-yz', 'city pass 1')
    admin = await loginClient(ctx.app, 'td-admin', 'admin pass 1')
    await runReportingCycle(db, { now: now() })
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it("shows a task's owed progress reports beside the indicators' and counts them apart and together", async () => {
    const due = await ncLead.get<DueReports>('/api/v1/reporting/due?subject=task')
    expect(due.status).toBe(200)
    const mine = due.body.items.find((d) => d.taskId === ncTask)!
    expect(mine).toMatchObject({
      subject: 'task',
      indicatorId: null,
      periodKey: '2024-05',
      dueDate: '2024-06-10',
      state: 'overdue',
    })
    expect(mine.subjectName).toMatch(/^任务「/)
    expect(due.body.items.every((d) => d.subject === 'task')).toBe(true)

    const rates = await ncManager.get<ReportingRates>('/api/v1/reporting/rates?jurisdiction=360100')
    expect(rates.status).toBe(200)
    const { all, indicator, task } = rates.body.totals
    expect(task.due).toBeGreaterThan(0)
    expect(all.due).toBe(indicator.due + task.due)
    const szsj = rates.body.items.find((r) => r.bySubject.task.due > 0)!
    expect(szsj.due).toBe(szsj.bySubject.indicator.due + szsj.bySubject.task.due)

    expect((await ncManager.get<{ message: string }>('/api/v1/reporting/overdue?subject=tasks')).status).toBe(400)
    const overdue = await ncManager.get<OverdueReports>('/api/v1/reporting/overdue?subject=task&limit=1000')
    expect(overdue.body.items.some((o) => o.taskId === ncTask && o.periodKey === '2024-05')).toBe(true)
    expect(overdue.body.items.every((o) => o.subject === 'task' && o.task !== null)).toBe(true)
  })

  it("一键催报 reaches the lead department's inbox for a task's overdue report; once reported, there is nothing to remind", async () => {
    const sent = await ncManager.post<SentReminder>('/api/v1/reporting/reminders', {
      taskId: ncTask,
      periodKey: '2024-05',
    })
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ subject: 'task', taskId: ncTask, kind: 'manual' })
    expect(sent.body.recipients).toBeGreaterThanOrEqual(1)
    const inbox = await ncReporter.get<Inbox>('/api/v1/inbox')
    expect(inbox.body.items.some((i) => i.kind === 'reminder' && i.body.includes('2024年5月进展情况'))).toBe(true)
    // Neither an indicator nor a task named, or both: the edge says which fields.
    expect(
      (await ncManager.post<{ message: string }>('/api/v1/reporting/reminders', { periodKey: '2024-05' })).body.message,
    ).toContain('indicatorId')
    // Another jurisdiction's manager does not see it at all.
    expect((await city.post('/api/v1/reporting/reminders', { taskId: ncTask, periodKey: '2024-04' })).status).toBe(404)

    // The lead department reports May (late): the period counts as reported, late.
    const reported = await ncLead.post(`/api/v1/tasks/${ncTask}/progress`, {
      period: '2024-05',
      stage: 'in-progress',
      progress: '五月按计划推进',
    })
    expect(reported.status).toBe(201)
    const due = await ncLead.get<DueReports>('/api/v1/reporting/due?subject=task')
    expect(due.body.items.find((d) => d.taskId === ncTask)).toMatchObject({
      state: 'reported-late',
      firstReportedAt: now().toISOString(),
    })
    t += 11 * 60_000
    const again = await ncManager.post<{ message: string }>('/api/v1/reporting/reminders', {
      taskId: ncTask,
      periodKey: '2024-05',
    })
    expect(again.status).toBe(409)
    expect(again.body.message).toContain('已报送')
  })

  it("fires once for 扬州's overdue milestone, escalates to 江苏's managers after the set time, and resolves when a manager verifies its completion", async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      name: '扬州里程碑逾期',
      severity: 'critical',
      params: { kind: 'milestone-overdue' },
      scope: { jurisdictionCode: '321000', includeDescendants: false, bindingOnly: false },
      groupWaitSeconds: 0,
      escalateAfterSeconds: 3_600,
    })
    expect(rule.status).toBe(201)
    // A task rule cannot be limited to an indicator.
    expect(
      (
        await admin.post('/api/v1/alert-rules', {
          name: '错配',
          severity: 'warning',
          params: { kind: 'milestone-overdue' },
          scope: { indicatorId: 1 },
        })
      ).status,
    ).toBe(400)

    await ctx.producers!.alerts.add('evaluate', {})
    const alert = await waitFor(
      async () =>
        (await city.get<{ items: Alert[] }>(`/api/v1/alerts?task=${milestone}`)).body.items.find(
          (a) => a.state === 'firing',
        ),
      20_000,
    )
    expect(alert).toMatchObject({
      subject: 'task',
      taskId: milestone,
      indicatorId: null,
      subjectName: '里程碑「上线运行工单系统」',
      jurisdictionCode: '321000',
      severity: 'critical',
    })
    expect(alert.task).toMatchObject({ kind: 'milestone', planKey: 'yangzhou-2023' })
    // Evaluated again: still the one alert.
    await ctx.producers!.alerts.add('evaluate', { taskIds: [milestone] })
    await sleep(1500)
    expect((await city.get<{ items: Alert[] }>(`/api/v1/alerts?task=${milestone}`)).body.items).toHaveLength(1)

    t += 30 * 60_000
    await followUps()
    expect(await escalationsOf(province, alert.id)).toEqual([])
    t += 31 * 60_000
    await followUps()
    const up = await waitFor(
      async () => ((await escalationsOf(province, alert.id)).length ? escalationsOf(province, alert.id) : undefined),
      10_000,
    )
    expect(up).toHaveLength(1)
    expect(up[0]!.title).toContain('上线运行工单系统')
    expect(await escalationsOf(city, alert.id)).toEqual([])

    // 市政务办 claims completion; the 扬州 manager approves it (销号): the alert resolves.
    const claimed = await yzLead.post<TaskCompletionAccepted>(`/api/v1/tasks/${milestone}/completion`, {
      completedOn: '2024-06-20',
      note: '工单系统已上线',
    })
    expect(claimed.status).toBe(201)
    await sleep(1000)
    expect((await city.get<{ items: Alert[] }>(`/api/v1/alerts?task=${milestone}`)).body.items[0]!.state).toBe('firing')
    expect((await city.post(`/api/v1/task-completions/${claimed.body.completion.id}/approve`, {})).status).toBe(200)
    const resolved = await waitFor(
      async () => (await city.get<{ items: Alert[] }>(`/api/v1/alerts?task=${milestone}&state=resolved`)).body.items[0],
      15_000,
    )
    expect(resolved.id).toBe(alert.id)
  })
})
