import type { Submission, SubmissionAccepted, TaskDetail } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitProcessed } from './testing/http.js'
import { createUser, departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

// Go-live (and the demo's start) on 5 January 2024: everything due in 2023 is history.
const NOW = new Date('2024-01-05T02:00:00Z')

describe.each(testDatabases())('history import of values on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let monthly: { id: number; plan_key: string; key: string }
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => NOW })
    await createUser(ctx.handle.db, { username: 'imp-admin', password: 'admin pass 1', role: 'admin' })
    admin = await loginClient(ctx.app, 'imp-admin', 'admin pass 1')
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    monthly = (await ownedIndicators(ctx.handle.db, dept.departmentId)).find(
      (i) => i.cadence === 'monthly' && i.start_year <= 2023,
    )!
    expect(monthly).toBeDefined()
  })
  afterAll(async () => {
    await ctx?.close()
  })

  const periodsOf = (indicatorId: number) =>
    ctx.handle.db
      .selectFrom('reporting_periods')
      .select(['period_key', 'state', 'due_date', 'first_reported_at'])
      .where('indicator_id', '=', indicatorId)
      .orderBy('period_key')
      .execute()

  it('stores past values on the import channel, each reported on time at its period’s due date, and refuses a period not yet ended', async () => {
    const items = ['2023-01', '2023-06', '2023-11', '2023-12', '2024-01'].map((period, n) => ({
      indicator: monthly.id,
      period,
      value: 50 + n,
      note: '历史数据',
    }))
    const res = await admin.post<SubmissionAccepted>(
      '/api/v1/admin/imports/values',
      { departmentId: dept.departmentId, items },
      { 'idempotency-key': 'history-1' },
    )
    expect(res.status).toBe(202)
    const sub = await waitProcessed<Submission>(admin, res.body.id)
    expect(sub).toMatchObject({
      channel: 'import',
      departmentId: dept.departmentId,
      state: 'processed',
      acceptedCount: 4,
      rejectedCount: 1,
    })
    expect(sub.errors).toEqual([expect.objectContaining({ row: 5, code: 'not_history' })])

    const observations = await ctx.handle.db
      .selectFrom('observations')
      .select(['period_key', 'source', 'department_id', 'reported_at'])
      .where('indicator_id', '=', monthly.id)
      .orderBy('period_key')
      .execute()
    expect(observations.map((o) => [o.period_key, o.source, o.department_id])).toEqual([
      ['2023-01', 'import', dept.departmentId],
      ['2023-06', 'import', dept.departmentId],
      ['2023-11', 'import', dept.departmentId],
      ['2023-12', 'import', dept.departmentId],
    ])
    // Monthly reports are due ten days after the month: a report of January counts on 10 February, 09:00 in Beijing.
    expect(observations[0]!.reported_at.toISOString()).toBe('2023-02-10T01:00:00.000Z')
    // December's due date (10 January) is after the import: it counts at the import itself, still on time.
    expect(observations[3]!.reported_at.toISOString()).toBe(NOW.toISOString())

    const periods = await periodsOf(monthly.id)
    const imported = periods.filter((p) => ['2023-01', '2023-06', '2023-11', '2023-12'].includes(p.period_key))
    expect(imported.map((p) => p.state)).toEqual([
      'reported-on-time',
      'reported-on-time',
      'reported-on-time',
      'reported-on-time',
    ])

    // The same request again is the same submission; the values in force are not stored twice.
    const again = await admin.post<SubmissionAccepted>(
      '/api/v1/admin/imports/values',
      { departmentId: dept.departmentId, items },
      { 'idempotency-key': 'history-1' },
    )
    expect(again.body).toMatchObject({ id: res.body.id, replayed: true })
  })

  it('shows imported revisions in the indicator’s history as imported', async () => {
    const history = await admin.get<{
      periods: { periodKey: string; revisions: { source: string; departmentId: number | null }[] }[]
    }>(`/api/v1/indicators/${monthly.id}/observations`)
    expect(history.status).toBe(200)
    const june = history.body.periods.find((p) => p.periodKey === '2023-06')!
    expect(june.revisions).toEqual([expect.objectContaining({ source: 'import', departmentId: dept.departmentId })])
  })

  it('leaves a department’s own late report of the same kind late: only an import counts as on time', async () => {
    const res = await client(ctx.app, { token: dept.token }).post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: monthly.id, period: '2023-03', value: 51 }],
    })
    expect(res.status).toBe(202)
    await waitProcessed(admin, res.body.id)
    expect((await periodsOf(monthly.id)).find((p) => p.period_key === '2023-03')?.state).toBe('reported-late')
  })

  it('refuses values for an indicator the named department does not report, and unknown departments, before storing anything', async () => {
    const other = await ctx.handle.db
      .selectFrom('indicators as i')
      .select('i.id')
      .where(
        'i.id',
        'not in',
        (await ownedIndicators(ctx.handle.db, dept.departmentId)).map((i) => i.id),
      )
      .orderBy('i.id')
      .executeTakeFirstOrThrow()
    const before = await ctx.handle.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const foreign = await admin.post<{ code: string; message: string }>('/api/v1/admin/imports/values', {
      departmentId: dept.departmentId,
      items: [{ indicator: other.id, period: '2023', value: 1 }],
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.message).toMatch(/^请求体 items: .*不是以下指标的牵头或配合单位/)
    const unknown = await admin.post<{ message: string }>('/api/v1/admin/imports/values', {
      departmentId: 999_999,
      items: [{ indicator: monthly.id, period: '2023-02', value: 1 }],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toContain('请求体 departmentId')
    const after = await ctx.handle.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('is for administrators only: a department’s own token cannot import history', async () => {
    const res = await client(ctx.app, { token: dept.token }).post('/api/v1/admin/imports/values', {
      departmentId: dept.departmentId,
      items: [{ indicator: monthly.id, period: '2023-02', value: 1 }],
    })
    expect(res.status).toBe(403)
  })
})

describe.each(testDatabases())('history import of task progress and completions on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  let milestone: { id: number; due_date: string | null; lead: number; cooperating: number | null }
  beforeAll(async () => {
    ctx = await seededApp(target, { now: () => NOW })
    await createUser(ctx.handle.db, { username: 'imp-admin', password: 'admin pass 1', role: 'admin' })
    admin = await loginClient(ctx.app, 'imp-admin', 'admin pass 1')
    // A 2023 milestone of 扬州 (monthly reports from the plan's issue in March 2023), with its lead and a cooperating department.
    const rows = await ctx.handle.db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .innerJoin('task_departments as l', (j) => j.onRef('l.task_id', '=', 't.id').on('l.role', '=', 'lead'))
      .select(['t.id', 't.due_date', 'l.department_id as lead'])
      .where('p.key', '=', 'yangzhou-2023')
      .where('t.kind', '=', 'milestone')
      .orderBy('t.id')
      .execute()
    const withCooperating = []
    for (const r of rows) {
      const co = await ctx.handle.db
        .selectFrom('task_departments')
        .select('department_id')
        .where('task_id', '=', r.id)
        .where('role', '=', 'cooperating')
        .executeTakeFirst()
      withCooperating.push({ ...r, cooperating: co?.department_id ?? null })
    }
    milestone = withCooperating.find((m) => m.cooperating !== null)!
    expect(milestone).toBeDefined()
  })
  afterAll(async () => {
    await ctx?.close()
  })

  const report = (
    period: string,
    departmentId: number,
    stage = 'in-progress',
    extra: Record<string, unknown> = {},
  ) => ({
    taskId: milestone.id,
    report: {
      period,
      departmentId,
      stage,
      percent: stage === 'completed' ? 100 : 60,
      progress: '按计划推进(历史)',
      ...extra,
    },
  })

  it('stores past reports as made on time at their due date and the completion as verified on its day, so the milestone reads 按期完成', async () => {
    const res = await admin.post<{
      progress: { stored: number; skipped: number }
      completions: { stored: number; skipped: number }
    }>('/api/v1/admin/imports/tasks', {
      progress: [
        report('2023-10', milestone.lead),
        report('2023-10', milestone.cooperating!),
        report('2023-11', milestone.lead, 'delayed', { reason: '资金未到位' }),
        report('2023-12', milestone.lead, 'completed'),
      ],
      completions: [{ taskId: milestone.id, completedOn: '2023-12-20', note: '历史销号' }],
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ progress: { stored: 4, skipped: 0 }, completions: { stored: 1, skipped: 0 } })

    const detail = await admin.get<TaskDetail>(`/api/v1/tasks/${milestone.id}`)
    expect(detail.body).toMatchObject({ completedOn: '2023-12-20', dueState: 'done', pendingClaim: null })
    expect(detail.body.completions).toEqual([
      expect.objectContaining({
        state: 'approved',
        claimedOn: '2023-12-20',
        departmentId: milestone.lead,
        decisionComment: '历史数据导入',
        late: false,
      }),
    ])
    const october = detail.body.progress.find((p) => p.periodKey === '2023-10')!
    expect(october.leads.map((l) => l.departmentId)).toEqual([milestone.lead])
    expect(october.cooperating.map((l) => l.departmentId)).toEqual([milestone.cooperating])
    // Due ten days after the month, at 09:00 Beijing time.
    expect(october.leads[0]!.revisions[0]!.reportedAt).toBe('2023-11-10T01:00:00.000Z')
    const rows = await ctx.handle.db
      .selectFrom('task_progress')
      .select(['source', 'reported_at'])
      .where('task_id', '=', milestone.id)
      .execute()
    expect(rows.every((r) => r.source === 'import')).toBe(true)
    // December's report is due on 10 January, after the import: it counts at the import itself.
    expect(rows.some((r) => r.reported_at.toISOString() === NOW.toISOString())).toBe(true)
  })

  it('skips what is already there, so running the same import again changes nothing', async () => {
    const again = await admin.post('/api/v1/admin/imports/tasks', {
      progress: [report('2023-10', milestone.lead), report('2023-12', milestone.lead, 'completed')],
      completions: [{ taskId: milestone.id, completedOn: '2023-12-01' }],
    })
    expect(again.body).toEqual({ progress: { stored: 0, skipped: 2 }, completions: { stored: 0, skipped: 1 } })
    expect((await admin.get<TaskDetail>(`/api/v1/tasks/${milestone.id}`)).body.completedOn).toBe('2023-12-20')
  })

  it('refuses the whole import, naming the item, for a period not yet ended, a department not on the task, or an unknown task', async () => {
    const before = await ctx.handle.db
      .selectFrom('task_progress')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const running = await admin.post<{ message: string }>('/api/v1/admin/imports/tasks', {
      progress: [report('2023-09', milestone.lead), report('2024-01', milestone.lead)],
    })
    expect(running.status).toBe(400)
    expect(running.body.message).toMatch(/^请求体 progress\.1\.report\.period: /)
    const stranger = await ctx.handle.db
      .selectFrom('departments')
      .select('id')
      .where('jurisdiction_code', '=', '360100')
      .executeTakeFirstOrThrow()
    const foreign = await admin.post<{ message: string }>('/api/v1/admin/imports/tasks', {
      progress: [report('2023-09', stranger.id)],
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.message).toMatch(/^请求体 progress\.0\.report\.departmentId: .*不是任务/)
    const unknown = await admin.post<{ message: string }>('/api/v1/admin/imports/tasks', {
      completions: [{ taskId: 999_999, completedOn: '2023-05-01' }],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toContain('请求体 completions.0.taskId')
    const after = await ctx.handle.db
      .selectFrom('task_progress')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
