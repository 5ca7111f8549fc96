import type { AlertRuleInput } from '@cockpit/contracts'
import { AlertRuleInput as RuleSchema } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { serviceContext } from '../kernel/context.js'
import { adminPrincipal, type Principal } from '../kernel/principal.js'
import { runReportingCycle } from '../reporting/cycle.js'
import { evaluateAlerts, evaluateTaskAlerts } from './evaluate.js'
import { getAlert, listAlerts } from './read.js'
import { createRule } from './rules.js'
import { insertDepartment, insertPlan, insertReporterToken, insertTask } from '../catalog/test-rows.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

const at = (date: string) => new Date(`${date}T10:00:00+08:00`)
const ctxAt = (date: string) => ({ now: at(date), asOf: date })
const admin = adminPrincipal('user:test-admin')
const reporterOf = (departmentId: number): Principal => ({
  kind: 'token',
  userId: null,
  tokenId: 1,
  role: 'reporter',
  departmentId,
  jurisdictions: [],
  label: 'token:test',
})

interface Fixture {
  deptA: number
  deptB: number
  task: number
  milestone: number
  otherMilestone: number
  token: number
  manager: number
}

/**
 * 扬州市 (under 江苏省), a plan issued 2023-01-10 reported monthly: a task led by 市大数据局 with its
 * milestone due 2023-06-30, and another milestone due 2023-12-31 led by 市政务办; one manager for the city.
 */
async function fixture(db: Kysely<Database>): Promise<Fixture> {
  await db
    .insertInto('jurisdictions')
    .values([
      { code: '320000', name: '江苏省', level: 'province', parent_code: null },
      { code: '321000', name: '扬州市', level: 'city', parent_code: '320000' },
    ])
    .execute()
  const planId = await insertPlan(db, 'yz', '321000', '扬州市人民政府', {
    title: '扬州市数字政府建设实施方案',
    issued_on: '2023-01-10',
    start_year: 2023,
    end_year: 2025,
  })
  const deptA = await insertDepartment(db, '321000', 'dsjglj', '市大数据局')
  const deptB = await insertDepartment(db, '321000', 'zwb', '市政务办')
  const task =
    (row: { key: string; kind: 'task' | 'milestone'; number: string; due_date?: string; parent_id?: number }) =>
    (lead: number) =>
      insertTask(db, { plan_id: planId, title: `建设事项${row.key}`, ...row }, [[lead, 'lead']])
  const t = await task({ key: 't1', kind: 'task', number: '1' })(deptA)
  const m = await task({ key: 'm1', kind: 'milestone', number: '1.1', due_date: '2023-06-30', parent_id: t })(deptA)
  const m2 = await task({ key: 'm2', kind: 'milestone', number: '2.1', due_date: '2023-12-31' })(deptB)
  const token = await insertReporterToken(db, deptA, '大数据局接口')
  const { id: manager } = await db
    .insertInto('users')
    .values({
      username: 'yz-leader',
      display_name: '扬州分管领导',
      password_hash: 'scrypt$x',
      role: 'manager',
      department_id: null,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('user_jurisdictions').values({ user_id: manager, jurisdiction_code: '321000' }).execute()
  return { deptA, deptB, task: t, milestone: m, otherMilestone: m2, token, manager }
}

const rule = (db: Kysely<Database>, input: Record<string, unknown>) =>
  createRule(
    serviceContext(db, admin, at('2024-01-01')),
    RuleSchema.parse({ severity: 'warning', groupWaitSeconds: 0, ...input }) as AlertRuleInput,
  )

describe.each(testDatabases())('task and milestone alerts on $name', (target) => {
  let db: Kysely<Database>
  let f: Fixture
  freshDatabaseEach(target, async (opened) => {
    db = opened
    f = await fixture(db)
  })

  const progress = (
    task: number,
    department: number,
    period: string,
    periodEnd: string,
    stage: 'not-started' | 'in-progress' | 'delayed',
    reportedAt: Date,
  ) =>
    db
      .insertInto('task_progress')
      .values({
        task_id: task,
        department_id: department,
        role: 'lead',
        period_key: period,
        period_end: periodEnd,
        stage,
        percent: null,
        progress: '进展说明',
        problems: null,
        next_steps: null,
        reason: stage === 'delayed' ? '招标延期' : null,
        user_id: null,
        token_id: f.token,
        idempotency_scope: null,
        idempotency_key: null,
        request_hash: null,
        reported_at: reportedAt,
      })
      .execute()
  const alertsOf = (taskId: number) =>
    db.selectFrom('alerts').selectAll().where('task_id', '=', taskId).orderBy('id').execute()

  it('fires once for a milestone not verified complete by its date, and recovers when a manager verifies it', async () => {
    await rule(db, { name: '里程碑逾期未完成', severity: 'critical', params: { kind: 'milestone-overdue' } })
    expect((await evaluateTaskAlerts(db, 'all', ctxAt('2023-06-30'))).opened).toBe(0)

    const first = await evaluateTaskAlerts(db, 'all', ctxAt('2023-07-01'))
    expect(first.opened).toBe(1)
    expect(first.events).toEqual([
      expect.objectContaining({ state: 'firing', taskId: f.milestone, indicatorId: null, jurisdictionCode: '321000' }),
    ])
    const [alert] = await alertsOf(f.milestone)
    expect(alert).toMatchObject({
      state: 'firing',
      severity: 'critical',
      indicator_id: null,
      jurisdiction_code: '321000',
    })
    expect(alert!.summary).toBe(
      '扬州市 里程碑「1.1 建设事项m1」 里程碑逾期未完成:应于 2023-06-30 前完成,已逾期 1 天,牵头单位 市大数据局',
    )
    // The city's manager hears of it in-app.
    const inbox = await db.selectFrom('inbox_items').selectAll().where('user_id', '=', f.manager).execute()
    expect(inbox.map((i) => i.kind)).toEqual(['firing'])
    // The task itself (a task, not a milestone) and the milestone due later do not fire.
    expect(await alertsOf(f.task)).toEqual([])
    expect(await alertsOf(f.otherMilestone)).toEqual([])

    // Evaluated again and again while overdue: still one alert, its figures kept current.
    await evaluateTaskAlerts(db, [f.milestone], ctxAt('2023-07-15'))
    await evaluateAlerts(db, 'all', ctxAt('2023-08-01'))
    const still = await alertsOf(f.milestone)
    expect(still).toHaveLength(1)
    expect(still[0]!.values).toMatchObject({
      subject: 'task',
      daysOverdue: 32,
      dueDate: '2023-06-30',
      lead: '市大数据局',
    })

    // A manager's approval writes completed_on (the claimed date, here late): the alert resolves.
    await db.updateTable('tasks').set({ completed_on: '2023-07-20' }).where('id', '=', f.milestone).execute()
    const done = await evaluateTaskAlerts(db, [f.milestone], ctxAt('2023-08-02'))
    expect(done.resolved).toBe(1)
    expect((await alertsOf(f.milestone)).map((a) => a.state)).toEqual(['resolved'])
    expect(
      (await db.selectFrom('inbox_items').select('kind').where('user_id', '=', f.manager).orderBy('id').execute()).map(
        (i) => i.kind,
      ),
    ).toEqual(['firing', 'resolved'])
    expect((await evaluateTaskAlerts(db, 'all', ctxAt('2023-09-01'))).opened).toBe(0)
  })

  it('warns of a milestone due within the window that is not started or not reported, and clears once it is moving', async () => {
    await rule(db, { name: '里程碑临期', params: { kind: 'milestone-at-risk', withinDays: 30 } })
    await runReportingCycle(db, { now: at('2023-11-15') })
    // 2023-12-31 is 46 days away: not yet.
    expect((await evaluateTaskAlerts(db, [f.otherMilestone], ctxAt('2023-11-15'))).opened).toBe(0)
    // Within 30 days and nothing ever reported.
    const fired = await evaluateTaskAlerts(db, [f.otherMilestone], ctxAt('2023-12-05'))
    expect(fired.opened).toBe(1)
    expect((await alertsOf(f.otherMilestone))[0]!.summary).toContain('最新进展:未报送进展')
    // 推进中 for the latest closed period (November) clears it.
    await progress(f.otherMilestone, f.deptB, '2023-11', '2023-11-30', 'in-progress', at('2023-12-06'))
    expect((await evaluateTaskAlerts(db, [f.otherMilestone], ctxAt('2023-12-06'))).resolved).toBe(1)
  })

  it('fires when the lead department misses N progress reports in a row, and clears when the newest is in', async () => {
    await rule(db, { name: '连续两期未报', params: { kind: 'task-report-missing', periods: 2 } })
    await runReportingCycle(db, { now: at('2023-03-05') })
    // Only January is due (02-10): one missing period is not yet two.
    expect((await evaluateTaskAlerts(db, [f.task], ctxAt('2023-03-05'))).opened).toBe(0)
    await runReportingCycle(db, { now: at('2023-03-11') })
    const fired = await evaluateTaskAlerts(db, [f.task], ctxAt('2023-03-11'))
    expect(fired.opened).toBe(1)
    expect((await alertsOf(f.task))[0]!.summary).toBe(
      '扬州市 任务「1 建设事项t1」 任务进展缺报:已连续 2 期未报送进展(最近应报 2023-02),牵头单位 市大数据局',
    )
    // February reported late: the newest due period is in, the alert clears.
    await progress(f.task, f.deptA, '2023-02', '2023-02-28', 'in-progress', at('2023-03-12'))
    await runReportingCycle(db, { now: at('2023-03-12') })
    expect((await evaluateTaskAlerts(db, [f.task], ctxAt('2023-03-12'))).resolved).toBe(1)
  })

  it('names the task where an indicator would be, for those allowed to see it', async () => {
    await rule(db, { name: '里程碑逾期未完成', params: { kind: 'milestone-overdue' } })
    await evaluateTaskAlerts(db, 'all', ctxAt('2024-01-02'))
    const all = await listAlerts(serviceContext(db, admin, at('2024-01-02')), { limit: 50 })
    expect(all.map((a) => a.subjectName).sort()).toEqual(['里程碑「1.1 建设事项m1」', '里程碑「2.1 建设事项m2」'])
    const m1 = all.find((a) => a.taskId === f.milestone)!
    expect(m1).toMatchObject({
      subject: 'task',
      indicatorId: null,
      indicatorName: null,
      task: {
        id: f.milestone,
        kind: 'milestone',
        number: '1.1',
        planKey: 'yz',
        planTitle: '扬州市数字政府建设实施方案',
      },
      jurisdictionName: '扬州市',
    })
    expect(await listAlerts(serviceContext(db, admin, at('2024-01-02')), { limit: 50, subject: 'indicator' })).toEqual(
      [],
    )
    expect(
      (await listAlerts(serviceContext(db, admin, at('2024-01-02')), { limit: 50, task: f.milestone })).map(
        (a) => a.id,
      ),
    ).toEqual([m1.id])
    // A reporter sees the alerts of the tasks its department leads or cooperates on, and no other.
    expect(
      (await listAlerts(serviceContext(db, reporterOf(f.deptA), at('2024-01-02')), { limit: 50 })).map((a) => a.taskId),
    ).toEqual([f.milestone])
    await expect(getAlert(serviceContext(db, reporterOf(f.deptB), at('2024-01-02')), m1.id)).rejects.toMatchObject({
      code: 'not_found',
    })
    expect((await getAlert(serviceContext(db, admin, at('2024-01-02')), m1.id)).transitions.map((t) => t.to)).toEqual([
      'firing',
    ])
  })

  it('leaves task rules to tasks and indicator rules to indicators, and narrows them by jurisdiction', async () => {
    await rule(db, {
      name: '江苏以外的里程碑',
      params: { kind: 'milestone-overdue' },
      scope: { jurisdictionCode: '320000', includeDescendants: false },
    })
    await rule(db, { name: '逾期未报送', params: { kind: 'missing-report', graceDays: 0 } })
    const r = await evaluateAlerts(db, 'all', ctxAt('2024-01-02'))
    expect(r.evaluated).toBe(0)
    expect(await db.selectFrom('alert_instances').select('fingerprint').execute()).toEqual([])
  })
})
