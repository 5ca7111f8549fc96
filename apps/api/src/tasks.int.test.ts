import type {
  Task,
  TaskCompletion,
  TaskCompletionAccepted,
  TaskDetail,
  TaskProgressAccepted,
  TaskSummary,
} from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { tinyPdf } from '@cockpit/tabular/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, sseReader } from './testing/http.js'
import { createUser, departmentToken, displayKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

// The seeded product day is 2024-06-30 (Asia/Shanghai). 南昌's plan (issued 2023-02-23, 2022–2025) reports monthly.
const NOW = new Date('2024-06-30T04:00:00Z')
type Api = ReturnType<typeof client>

describe.each(testDatabases())('重点任务督办: progress, completion and verification on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let lead: Api // 市数据局 (szsj), a department token
  let cooperating: Api // 市政府各部门 (szfgybm), a reporter's session
  let otherDept: Api // 市财政局 (czj), linked to none of the tasks used below
  let manager: Api // 南昌
  let otherManager: Api // 扬州
  let admin: Api
  const task: Record<string, number> = {}
  const dept: Record<string, number> = {}

  const detail = async (id: number) => (await admin.get<TaskDetail>(`/api/v1/tasks/${id}`)).body
  const report = (api: Api, id: number, body: Record<string, unknown>, headers?: Record<string, string>) =>
    api.post<TaskProgressAccepted & { message: string }>(
      `/api/v1/tasks/${id}/progress`,
      { stage: 'in-progress', progress: '已完成方案编制,正在组织实施', ...body },
      headers,
    )
  const taskAudit = async (id: number) =>
    (
      await ctx.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'task')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute()
    ).map((r) => r.action)
  const upload = async (api: Api, name: string) => {
    const form = new FormData()
    form.append('file', new File([tinyPdf()], name, { type: 'application/pdf' }))
    const res = await api.upload<{ id: string }>('/api/v1/evidence', form)
    expect(res.status).toBe(201)
    return res.body.id
  }

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, noWorkers: true, now: () => NOW })
    const db = ctx.handle.db
    const rows = await db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.id', 't.key'])
      .where('p.key', '=', 'nanchang-2023')
      .execute()
    for (const r of rows) task[r.key] = r.id
    for (const r of await db
      .selectFrom('departments')
      .select(['id', 'key'])
      .where('jurisdiction_code', '=', '360100')
      .execute())
      dept[r.key] = r.id
    lead = client(ctx.app, { token: (await departmentToken(db, '360100', 'szsj')).token })
    otherDept = client(ctx.app, { token: (await departmentToken(db, '360100', 'czj')).token })
    await createUser(db, { username: 't-coop', password: 'coop pass 1', role: 'reporter', departmentId: dept.szfgybm! })
    await createUser(db, {
      username: 't-manager',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    await createUser(db, {
      username: 't-manager-y',
      password: 'manager pass 2',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    await createUser(db, { username: 't-admin', password: 'admin pass 1', role: 'admin' })
    cooperating = await loginClient(ctx.app, 't-coop', 'coop pass 1')
    manager = await loginClient(ctx.app, 't-manager', 'manager pass 1')
    otherManager = await loginClient(ctx.app, 't-manager-y', 'manager pass 2')
    admin = await loginClient(ctx.app, 't-admin', 'admin pass 1')
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('shows a task nobody has reported on as 无进展, and a task with an overdue milestone as overdue by that milestone', async () => {
    const t = await detail(task['t1-1']!)
    expect(t).toMatchObject({
      dueState: 'stalled',
      dueStateLabel: '无进展',
      dueDate: null,
      effectiveDueDate: '2025-12-31',
      reportCadence: 'monthly',
      latestProgress: null,
      pendingClaim: null,
      progress: [],
      completions: [],
    })
    // 工作台 2023 milestone (due 2023-12-31) is 182 days late on 2024-06-30, so its task is too.
    expect(await detail(task['m-gzt-2023']!)).toMatchObject({ dueState: 'overdue', daysOverdue: 182 })
    expect(await detail(task['t5-1']!)).toMatchObject({
      dueState: 'overdue',
      daysOverdue: 182,
      overdueMilestones: 1,
      effectiveDueDate: '2025-12-31',
    })
  })

  it("takes the lead department's report for the current month: the task is no longer stalled and shows it as its latest progress", async () => {
    const res = await report(lead, task['t1-1']!, {
      percent: 40,
      problems: '部分区县接入进度慢',
      nextSteps: '7月完成剩余接入',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      periodKey: '2024-06',
      replayed: false,
      revision: {
        stage: 'in-progress',
        stageLabel: '推进中',
        percent: 40,
        problems: '部分区县接入进度慢',
        nextSteps: '7月完成剩余接入',
        reportedBy: '接口令牌「test」',
      },
    })
    expect(res.body.task).toMatchObject({
      dueState: 'not-due',
      daysLeft: 549,
      latestProgress: { stage: 'in-progress', percent: 40, periodKey: '2024-06', departmentId: dept.szsj },
    })
    expect(await taskAudit(task['t1-1']!)).toEqual(['task.progress'])
  })

  it("shows a cooperating department's part under the lead's report, and keeps a revised report's earlier version as history", async () => {
    expect(
      (await report(cooperating, task['t1-1']!, { stage: 'in-progress', progress: '已配合完成本部门接入' })).status,
    ).toBe(201)
    const revised = await report(lead, task['t1-1']!, { percent: 45, progress: '接入进度更新' })
    expect(revised.status).toBe(201)
    const t = await detail(task['t1-1']!)
    expect(t.progress).toHaveLength(1)
    const [june] = t.progress
    expect(june!.periodKey).toBe('2024-06')
    expect(june!.leads.map((p) => [p.departmentId, p.role, p.revisions.map((r) => r.percent)])).toEqual([
      [dept.szsj, 'lead', [45, 40]],
    ])
    expect(june!.cooperating.map((p) => [p.departmentId, p.revisions.map((r) => r.progress)])).toEqual([
      [dept.szfgybm, ['已配合完成本部门接入']],
    ])
    expect(june!.cooperating[0]!.revisions[0]!.reportedBy).toBe('t-coop')
    // The lead's newest revision speaks for the task, not the cooperating department's later part.
    expect(t.latestProgress).toMatchObject({ percent: 45, departmentId: dept.szsj })
  })

  it('refuses reports from an unlinked department, for a period of another cadence, not yet begun or before the plan, and 滞后 without a reason', async () => {
    const foreign = await report(otherDept, task['t1-1']!, {})
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toContain('不是任务')
    for (const [period, words] of [
      ['2024-Q2', '按月'],
      ['2024-07', '尚未开始'],
      ['2021-12', '早于规划期'],
    ] as const) {
      const res = await report(lead, task['t1-1']!, { period })
      expect(res.status, period).toBe(400)
      expect(res.body.message).toContain('请求体 period')
      expect(res.body.message).toContain(words)
    }
    const noReason = await report(lead, task['t1-1']!, { stage: 'delayed' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.message).toContain('reason')
    expect(noReason.body.message).toContain('必须说明原因')
    expect((await report(otherManager, task['t1-1']!, {})).status).toBe(403)
    // An earlier month of the plan is fine: a late report is still a report.
    expect((await report(lead, task['t1-2']!, { period: '2024-05' })).status).toBe(201)
  })

  it("answers a department token's retried report with the same Idempotency-Key once (200, same revision), and refuses the key with another body (409)", async () => {
    const key = { 'idempotency-key': 'progress-t1-3-2024-06' }
    const first = await report(lead, task['t1-3']!, { percent: 10 }, key)
    expect(first.status).toBe(201)
    const again = await report(lead, task['t1-3']!, { percent: 10 }, key)
    expect(again.status).toBe(200)
    expect(again.body.replayed).toBe(true)
    expect(again.body.revision.id).toBe(first.body.revision.id)
    const other = await report(lead, task['t1-3']!, { percent: 11 }, key)
    expect(other.status).toBe(409)
    expect(other.body.message).toContain('Idempotency-Key')
    const stored = await ctx.handle.db
      .selectFrom('task_progress')
      .select('id')
      .where('task_id', '=', task['t1-3']!)
      .execute()
    expect(stored).toHaveLength(1)
  })

  it("links a department's own evidence to its report, and refuses another department's file (403)", async () => {
    const own = await upload(lead, '接入清单.pdf')
    const theirs = await upload(otherDept, '财政资料.pdf')
    const refused = await report(lead, task['t2-1']!, { evidenceIds: [theirs] })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toContain('请求体 evidenceIds.0')
    const ok = await report(lead, task['t2-1']!, { evidenceIds: [own] })
    expect(ok.status).toBe(201)
    expect(ok.body.revision.evidence).toEqual([{ id: own, fileName: '接入清单.pdf', size: tinyPdf().length }])
    expect((await detail(task['t2-1']!)).progress[0]!.leads[0]!.revisions[0]!.evidence.map((e) => e.id)).toEqual([own])
  })

  it('shows a task whose latest report is 暂缓 as suspended, with the reason kept', async () => {
    const res = await report(lead, task['t2-2']!, { stage: 'suspended', reason: '上级统一部署调整,暂缓实施' })
    expect(res.status).toBe(201)
    expect(res.body.task).toMatchObject({ dueState: 'suspended', dueStateLabel: '暂缓' })
    expect(res.body.revision.reason).toBe('上级统一部署调整,暂缓实施')
  })

  it('lets only a lead department claim completion; the claim sets nothing until a manager in scope approves it, on the claimed date', async () => {
    const milestone = task['m-gzt-2023']!
    const byCooperating = await cooperating.post<{ message: string }>(`/api/v1/tasks/${milestone}/completion`, {})
    expect(byCooperating.status).toBe(403)
    const future = await lead.post<{ message: string }>(`/api/v1/tasks/${milestone}/completion`, {
      completedOn: '2024-07-01',
    })
    expect(future.status).toBe(400)
    expect(future.body.message).toContain('请求体 completedOn')

    const claimed = await lead.post<TaskCompletionAccepted>(`/api/v1/tasks/${milestone}/completion`, {
      completedOn: '2024-03-15',
      note: '工作台已上线',
    })
    expect(claimed.status).toBe(201)
    expect(claimed.body.completion).toMatchObject({
      state: 'pending',
      stateLabel: '待销号审核',
      claimedOn: '2024-03-15',
      late: true,
      departmentId: dept.szsj,
      note: '工作台已上线',
    })
    const id = claimed.body.completion.id
    // Claimed, not verified: still overdue, and the claim shows as pending.
    expect(await detail(milestone)).toMatchObject({
      dueState: 'overdue',
      completedOn: null,
      pendingClaim: { id, claimedOn: '2024-03-15' },
    })
    expect((await lead.post(`/api/v1/tasks/${milestone}/completion`, {})).status).toBe(409)

    const queue = await manager.get<{ items: TaskCompletion[]; total: number }>(
      '/api/v1/task-completions?state=pending&jurisdiction=360100',
    )
    expect(queue.body.items.map((c) => c.id)).toContain(id)
    expect((await otherManager.get('/api/v1/task-completions?jurisdiction=360100')).status).toBe(403)
    expect(
      (await otherManager.get<{ items: TaskCompletion[] }>('/api/v1/task-completions')).body.items.map((c) => c.id),
    ).not.toContain(id)
    expect((await otherManager.post(`/api/v1/task-completions/${id}/approve`, {})).status).toBe(403)
    expect((await lead.post(`/api/v1/task-completions/${id}/approve`, {})).status).toBe(403)

    const approved = await manager.post<TaskCompletion>(`/api/v1/task-completions/${id}/approve`, {
      comment: '材料齐全',
    })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 't-manager', decisionComment: '材料齐全' })
    expect(await detail(milestone)).toMatchObject({
      dueState: 'done-late',
      dueStateLabel: '逾期完成',
      daysOverdue: 75,
      completedOn: '2024-03-15',
      pendingClaim: null,
    })
    // Its task no longer carries an overdue milestone.
    expect(await detail(task['t5-1']!)).toMatchObject({ overdueMilestones: 0 })
    expect((await manager.post(`/api/v1/task-completions/${id}/approve`, {})).status).toBe(409)
    expect(await taskAudit(milestone)).toEqual(['task.completion.claim', 'task.completion.approve'])
  })

  it('returns a claim only with a comment, which the department then sees; it may claim again', async () => {
    const milestone = task['m-gzt-2024']!
    const evidence = await upload(lead, '验收报告.pdf')
    const claimed = await lead.post<TaskCompletionAccepted>(`/api/v1/tasks/${milestone}/completion`, {
      evidenceIds: [evidence],
    })
    expect(claimed.status).toBe(201)
    expect(claimed.body.completion).toMatchObject({
      claimedOn: '2024-06-30',
      late: false,
      evidence: [{ id: evidence, fileName: '验收报告.pdf' }],
    })
    const id = claimed.body.completion.id
    expect((await manager.post(`/api/v1/task-completions/${id}/return`, {})).status).toBe(400)
    const returned = await manager.post<TaskCompletion>(`/api/v1/task-completions/${id}/return`, {
      comment: '缺少验收报告盖章页',
    })
    expect(returned.status).toBe(200)
    const seen = await lead.get<TaskDetail>(`/api/v1/tasks/${milestone}`)
    expect(seen.body.completedOn).toBeNull()
    expect(seen.body.completions[0]).toMatchObject({
      id,
      state: 'returned',
      stateLabel: '已退回',
      decisionComment: '缺少验收报告盖章页',
    })
    expect((await lead.post(`/api/v1/tasks/${milestone}/completion`, {})).status).toBe(201)
    expect(await taskAudit(milestone)).toEqual([
      'task.completion.claim',
      'task.completion.return',
      'task.completion.claim',
    ])
  })

  it('reopens an approved completion only with a reason: the task counts as unfinished again', async () => {
    const milestone = task['m-gzt-2023']!
    expect((await manager.post(`/api/v1/tasks/${milestone}/reopen`, {})).status).toBe(400)
    expect((await otherManager.post(`/api/v1/tasks/${milestone}/reopen`, { reason: '越权' })).status).toBe(403)
    const reopened = await manager.post<TaskDetail>(`/api/v1/tasks/${milestone}/reopen`, {
      reason: '复核发现部分功能未上线',
    })
    expect(reopened.status).toBe(200)
    expect(reopened.body).toMatchObject({ dueState: 'overdue', completedOn: null })
    expect(reopened.body.completions[0]).toMatchObject({
      state: 'reopened',
      reopenReason: '复核发现部分功能未上线',
      reopenedBy: 't-manager',
    })
    expect((await manager.post(`/api/v1/tasks/${milestone}/reopen`, { reason: '再次撤销' })).status).toBe(409)
    expect((await taskAudit(milestone)).at(-1)).toBe('task.completion.reopen')
  })

  it("summarises a jurisdiction's tasks for the wall and the 督办 page in one call, and refuses another manager's filter", async () => {
    const res = await manager.get<TaskSummary>('/api/v1/tasks/summary?jurisdiction=360100&limit=5')
    expect(res.status).toBe(200)
    const s = res.body
    const listed = (await manager.get<{ items: Task[] }>('/api/v1/tasks?jurisdiction=360100')).body.items
    expect(s.overall.total).toBe(listed.length)
    expect(s.byKind.task.total + s.byKind.milestone.total).toBe(listed.length)
    expect(Object.values(s.overall.byState).reduce((a, b) => a + b, 0)).toBe(listed.length)
    expect(s.overall.byState.suspended).toBe(1)
    expect(s.overall.overdue).toBe(listed.filter((t) => t.dueState === 'overdue').length)
    // Most overdue first, each with its days and lead department.
    expect(s.overdue[0]).toMatchObject({ dueState: 'overdue', daysOverdue: 182 })
    expect(s.overdue[0]!.lead).not.toBeNull()
    expect(s.overdue.length).toBeLessThanOrEqual(5)
    expect(s.pendingVerificationCount).toBe(1)
    expect(s.pendingVerifications[0]).toMatchObject({ taskId: task['m-gzt-2024'], state: 'pending' })
    expect(s.byDepartment.find((d) => d.departmentId === dept.szsj)!.total).toBeGreaterThan(0)
    expect(s.byPillar.reduce((a, p) => a + p.total, 0)).toBe(listed.length)
    expect((await otherManager.get('/api/v1/tasks/summary?jurisdiction=360100')).status).toBe(403)
  })

  it("lists a reporter's own department's tasks with mine=true", async () => {
    const mine = await cooperating.get<{ items: Task[] }>('/api/v1/tasks?mine=true')
    expect(mine.status).toBe(200)
    expect(mine.body.items.length).toBeGreaterThan(0)
    expect(mine.body.items.every((t) => t.departments.some((d) => d.id === dept.szfgybm))).toBe(true)
    expect((await manager.get('/api/v1/tasks?mine=true')).status).toBe(403)
  })

  it("lets an admin set a task's own cadence: reports then go by quarter, and the plan's cadence is editable too", async () => {
    const id = task['t3-1-1']!
    const set = await admin.send<TaskDetail>('PATCH', `/api/v1/admin/tasks/${id}`, { reportCadence: 'quarterly' })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ reportCadence: 'quarterly', reportCadenceOverridden: true })
    expect((await report(lead, id, { period: '2024-06' })).status).toBe(400)
    const quarterly = await report(lead, id, {})
    expect(quarterly.body.periodKey).toBe('2024-Q2')
    expect((await admin.send('PATCH', `/api/v1/admin/tasks/${id}`, { reportCadence: 'weekly' })).status).toBe(400)
    expect(await taskAudit(id)).toEqual(['task.update', 'task.progress'])

    const plan = await ctx.handle.db
      .selectFrom('plans')
      .select('id')
      .where('key', '=', 'nanchang-2023')
      .executeTakeFirstOrThrow()
    const patched = await admin.send<{ taskReportCadence: string }>('PATCH', `/api/v1/admin/plans/${plan.id}`, {
      taskReportCadence: 'yearly',
    })
    expect(patched.status).toBe(200)
    expect(patched.body.taskReportCadence).toBe('yearly')
    expect((await detail(task['t1-2']!)).reportCadence).toBe('yearly')
    expect((await detail(id)).reportCadence).toBe('quarterly')
    expect((await admin.send('PATCH', `/api/v1/admin/plans/${plan.id}`, { taskReportCadence: 'monthly' })).status).toBe(
      200,
    )
  })

  it("streams a task's progress to a wall screen of its jurisdiction as a task change", async () => {
    const screen = await displayKey(ctx.handle.db, '360100')
    const abort = new AbortController()
    const res = await ctx.app.request('/api/v1/events', {
      headers: { authorization: `Bearer ${screen.token}` },
      signal: abort.signal,
    })
    expect(res.status).toBe(200)
    const stream = sseReader(res.body!)
    await stream.readUntil('event: hello', 5000)
    expect((await report(lead, task['t4-1']!, { stage: 'completed', percent: 100 })).status).toBe(201)
    // An earlier test's change may still be on its way: wait for this task's.
    const needle = `"taskId":${task['t4-1']},`
    await stream.readUntil(needle, 10_000)
    const line = stream
      .text()
      .split('\n')
      .find((l) => l.startsWith('data:') && l.includes(needle))!
    expect(JSON.parse(line.slice(5))).toMatchObject({
      type: 'task',
      taskId: task['t4-1'],
      jurisdictionCode: '360100',
      action: 'progress',
      stage: 'completed',
      departmentId: dept.szsj,
    })
    abort.abort()
    await stream.cancel()
  })
})
