import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { serviceContext } from '../kernel/context.js'
import { adminPrincipal, type Principal } from '../kernel/principal.js'
import { runReportingCycle } from './cycle.js'
import { dueReports } from './due-reports.js'
import { markTaskReported } from './mark-reported.js'
import { listReminders, overdueReports, reportingRates } from './read.js'
import { MANUAL_REMINDER_INTERVAL_MS, sendReminder } from './remind.js'
import {
  insertCityWithDistricts,
  insertDepartment,
  insertIndicator,
  insertPlan,
  insertReporterToken,
  insertTask,
} from '../catalog/test-rows.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

/** 10:00 in Beijing on that calendar day. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`)
const admin = adminPrincipal('user:test-admin')
const manager = (jurisdictions: string[]): Principal => ({
  kind: 'user',
  userId: null,
  tokenId: null,
  role: 'manager',
  departmentId: null,
  jurisdictions,
  label: 'user:test-manager',
})
const everywhere = { jurisdictions: null, departmentId: null }

interface Fixture {
  planId: number
  deptA: number
  deptB: number
  deptC: number
  task: number
  milestone: number
  quarterly: number
  indicator: number
}

/**
 * 南昌市's plan (2024–2025, issued 2024-01-15, tasks reported monthly): a task led by 市数据局 with
 * 市政务办 cooperating, its milestone due 2024-06-30 led by 市数据局, a task 市统计局 reports quarterly,
 * and one monthly indicator led by 市数据局 (so rates hold both subjects).
 */
async function fixture(db: Kysely<Database>): Promise<Fixture> {
  await insertCityWithDistricts(db, 1)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府', {
    title: '南昌市数字政府建设规划',
    issued_on: '2024-01-15',
    start_year: 2024,
    end_year: 2025,
  })
  const deptA = await insertDepartment(db, '360100', 'szsj', '市数据局')
  const deptB = await insertDepartment(db, '360100', 'zwb', '市政务办')
  const deptC = await insertDepartment(db, '360100', 'tjj', '市统计局')
  const task = (
    key: string,
    kind: 'task' | 'milestone',
    over: { number?: string; due?: string; parent?: number; cadence?: 'quarterly' },
    links: [number, 'lead' | 'cooperating'][],
  ) =>
    insertTask(
      db,
      {
        plan_id: planId,
        key,
        kind,
        number: over.number ?? null,
        title: `${kind === 'task' ? '任务' : '节点'}${key}`,
        parent_id: over.parent ?? null,
        due_date: over.due ?? null,
        report_cadence: over.cadence ?? null,
      },
      links,
    )
  const t = await task('t1', 'task', { number: '1' }, [
    [deptA, 'lead'],
    [deptB, 'cooperating'],
  ])
  const m = await task('m1', 'milestone', { number: '1.1', due: '2024-06-30', parent: t }, [[deptA, 'lead']])
  const q = await task('t2', 'task', { number: '2', cadence: 'quarterly' }, [[deptC, 'lead']])
  const indicator = await insertIndicator(
    db,
    {
      plan_id: planId,
      key: 'i1',
      jurisdiction_code: '360100',
      name: '政务服务一网通办率',
      unit: '%',
      measure: 'percent',
      position: 1,
    },
    { lead: deptA },
  )
  return { planId, deptA, deptB, deptC, task: t, milestone: m, quarterly: q, indicator }
}

const periodsOf = (db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('reporting_periods')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('period_end')
    .orderBy('period_key')
    .execute()

describe.each(testDatabases())('task progress reporting on $name', (target) => {
  let db: Kysely<Database>
  let f: Fixture
  let token: number
  freshDatabaseEach(target, async (opened) => {
    db = opened
    f = await fixture(db)
    // The reports are made through a department token (a report names its user or its token).
    token = await insertReporterToken(db, f.deptA, '市数据局接口')
  })
  /** A progress report as the progress service stores it: the revision, then the hook, in one transaction. */
  const report = async (r: {
    task: number
    department: number
    role: 'lead' | 'cooperating'
    period: string
    periodEnd: string
    at: Date
  }) => {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('task_progress')
        .values({
          task_id: r.task,
          department_id: r.department,
          role: r.role,
          period_key: r.period,
          period_end: r.periodEnd,
          stage: 'in-progress',
          percent: 40,
          progress: '按计划推进',
          problems: null,
          next_steps: null,
          reason: null,
          user_id: null,
          token_id: token,
          idempotency_scope: null,
          idempotency_key: null,
          request_hash: null,
          reported_at: r.at,
        })
        .execute()
      await markTaskReported(trx, { taskId: r.task, periodKey: r.period, role: r.role, reportedAt: r.at })
    })
  }

  /** Runs the cycle on that day, then lists the subject's periods with their states. */
  const statesAfterCycle = async (subject: number, date: string) => {
    await runReportingCycle(db, { now: at(date) })
    return (await periodsOf(db, subject)).map((r) => [r.period_key, r.state])
  }

  it("creates the progress reports each task's and milestone's lead department owes, judged by the indicators' due rules", async () => {
    const run = await runReportingCycle(db, { now: at('2024-03-05') })
    const rows = (await periodsOf(db, f.task)).map((r) => [
      r.period_key,
      r.due_date,
      r.state,
      r.department_id,
      r.jurisdiction_code,
      r.indicator_id,
    ])
    expect(rows).toEqual([
      ['2024-01', '2024-02-10', 'overdue', f.deptA, '360100', null],
      ['2024-02', '2024-03-10', 'due-soon', f.deptA, '360100', null],
      ['2024-03', '2024-04-10', 'open', f.deptA, '360100', null],
    ])
    expect((await periodsOf(db, f.milestone)).map((r) => r.period_key)).toEqual(['2024-01', '2024-02', '2024-03'])
    expect((await periodsOf(db, f.quarterly)).map((r) => [r.period_key, r.due_date, r.state, r.department_id])).toEqual(
      [['2024-Q1', '2024-04-15', 'open', f.deptC]],
    )
    expect(run.tasks).toMatchObject({ tasks: 3, periods: 7, changed: 7 })

    // One reminder per period and kind: the task's and the milestone's January (overdue) and February (due soon).
    expect(run.tasks.reminders).toBe(4)
    const reminders = await listReminders(db, { jurisdictions: null, departmentId: f.deptA }, { subject: 'task' })
    expect(reminders.map((r) => [r.taskId, r.periodKey, r.kind]).sort()).toEqual(
      [
        [f.milestone, '2024-01', 'overdue'],
        [f.milestone, '2024-02', 'due-soon'],
        [f.task, '2024-01', 'overdue'],
        [f.task, '2024-02', 'due-soon'],
      ].sort(),
    )
    expect(reminders.find((r) => r.taskId === f.milestone && r.kind === 'overdue')).toMatchObject({
      subject: 'task',
      indicatorId: null,
      subjectName: '里程碑「1.1 节点m1」',
      task: { kind: 'milestone', number: '1.1', planKey: 'nc' },
      message: '里程碑「1.1 节点m1」2024年1月进展情况已于 2024-02-10 到期仍未报送,请尽快补报',
    })
    const again = await runReportingCycle(db, { now: at('2024-03-05') })
    expect(again.tasks).toMatchObject({ changed: 0, reminders: 0, removed: 0 })

    expect(await statesAfterCycle(f.task, '2024-03-11')).toEqual([
      ['2024-01', 'missing'],
      ['2024-02', 'overdue'],
      ['2024-03', 'open'],
    ])
  })

  it("marks a period reported by the lead's first report, on time or late, and not by a cooperating department's part", async () => {
    await runReportingCycle(db, { now: at('2024-03-05') })
    await report({
      task: f.task,
      department: f.deptB,
      role: 'cooperating',
      period: '2024-02',
      periodEnd: '2024-02-29',
      at: at('2024-03-06'),
    })
    expect((await periodsOf(db, f.task))[1]).toMatchObject({
      period_key: '2024-02',
      state: 'due-soon',
      first_reported_at: null,
    })
    await report({
      task: f.task,
      department: f.deptA,
      role: 'lead',
      period: '2024-02',
      periodEnd: '2024-02-29',
      at: at('2024-03-08'),
    })
    await report({
      task: f.task,
      department: f.deptA,
      role: 'lead',
      period: '2024-01',
      periodEnd: '2024-01-31',
      at: at('2024-03-08'),
    })
    // A revision later changes nothing: the first report counts.
    await report({
      task: f.task,
      department: f.deptA,
      role: 'lead',
      period: '2024-02',
      periodEnd: '2024-02-29',
      at: at('2024-03-20'),
    })
    const rows = await periodsOf(db, f.task)
    expect(rows.map((r) => [r.period_key, r.state, r.first_reported_at?.toISOString() ?? null])).toEqual([
      ['2024-01', 'reported-late', at('2024-03-08').toISOString()],
      ['2024-02', 'reported-on-time', at('2024-03-08').toISOString()],
      ['2024-03', 'open', null],
    ])
    // The next run re-judges nothing that is reported.
    expect(await statesAfterCycle(f.task, '2024-04-20')).toEqual([
      ['2024-01', 'reported-late'],
      ['2024-02', 'reported-on-time'],
      ['2024-03', 'overdue'],
      ['2024-04', 'open'],
    ])
  })

  it('adopts a lead report that reached task_progress without the hook, at the time it was made', async () => {
    await runReportingCycle(db, { now: at('2024-02-05') })
    await db
      .insertInto('task_progress')
      .values({
        task_id: f.milestone,
        department_id: f.deptA,
        role: 'lead',
        period_key: '2024-01',
        period_end: '2024-01-31',
        stage: 'not-started',
        percent: null,
        progress: '正在筹备',
        problems: null,
        next_steps: null,
        reason: null,
        user_id: null,
        token_id: token,
        idempotency_scope: null,
        idempotency_key: null,
        request_hash: null,
        reported_at: at('2024-02-09'),
      })
      .execute()
    const run = await runReportingCycle(db, { now: at('2024-02-20') })
    expect(run.tasks.adopted).toBe(1)
    expect((await periodsOf(db, f.milestone))[0]).toMatchObject({ period_key: '2024-01', state: 'reported-on-time' })
  })

  it('owes nothing from the verified completion on, and owes again from a reopening', async () => {
    await runReportingCycle(db, { now: at('2024-05-05') })
    expect((await periodsOf(db, f.milestone)).map((r) => r.period_key)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
    ])
    // A manager's approval writes completed_on (the claimed date): periods ending on or after it are not owed.
    await db.updateTable('tasks').set({ completed_on: '2024-03-31' }).where('id', '=', f.milestone).execute()
    const run = await runReportingCycle(db, { now: at('2024-05-06') })
    expect(run.tasks.removed).toBe(3)
    expect((await periodsOf(db, f.milestone)).map((r) => r.period_key)).toEqual(['2024-01', '2024-02'])
    await runReportingCycle(db, { now: at('2024-08-05') })
    expect((await periodsOf(db, f.milestone)).map((r) => r.period_key)).toEqual(['2024-01', '2024-02'])

    // Reopened on 2024-08-12 with a reason: owed again from August, not for the months it stood complete.
    const { id: claim } = await db
      .insertInto('task_completions')
      .values({
        task_id: f.milestone,
        department_id: f.deptA,
        claimed_on: '2024-03-31',
        note: null,
        state: 'reopened',
        user_id: null,
        token_id: token,
        idempotency_scope: null,
        idempotency_key: null,
        request_hash: null,
        claimed_at: at('2024-04-01'),
        decided_by: null,
        decided_at: at('2024-04-02'),
        decision_comment: null,
        reopen_reason: '验收发现未完成',
        reopened_by: null,
        reopened_at: at('2024-08-12'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(claim).toBeGreaterThan(0)
    await db.updateTable('tasks').set({ completed_on: null }).where('id', '=', f.milestone).execute()
    expect(await statesAfterCycle(f.milestone, '2024-09-05')).toEqual([
      ['2024-01', 'missing'],
      ['2024-02', 'missing'],
      ['2024-08', 'due-soon'],
      ['2024-09', 'open'],
    ])
  })

  it('applies a changed cadence from its first period that does not overlap one already owed', async () => {
    await runReportingCycle(db, { now: at('2024-05-05') })
    // 2024-04 is due 05-10 (not yet due) and 2024-05 is running: both are dropped; January–March stay.
    await db.updateTable('tasks').set({ report_cadence: 'quarterly' }).where('id', '=', f.task).execute()
    await runReportingCycle(db, { now: at('2024-05-06') })
    expect((await periodsOf(db, f.task)).map((r) => r.period_key)).toEqual(['2024-01', '2024-02', '2024-03', '2024-Q2'])
    expect(await statesAfterCycle(f.task, '2024-10-20')).toEqual([
      ['2024-01', 'missing'],
      ['2024-02', 'missing'],
      ['2024-03', 'missing'],
      ['2024-Q2', 'missing'],
      ['2024-Q3', 'overdue'],
      ['2024-Q4', 'open'],
    ])
  })

  it("keeps each run's work to every task's window, not its history", async () => {
    const first = await runReportingCycle(db, { now: at('2025-06-05') })
    // 18 months for two monthly tasks, 6 quarters for the quarterly one.
    expect(first.tasks.periods).toBe(18 + 18 + 6)
    const next = await runReportingCycle(db, { now: at('2025-06-06') })
    // Each task re-judges its newest period and the three before it.
    expect(next.tasks.periods).toBe(4 + 4 + 4)
    expect(next.tasks.changed).toBe(0)
  })

  it('shows indicators and tasks apart and together in the rates, the overdue list and the due list', async () => {
    await runReportingCycle(db, { now: at('2024-03-05') })
    await report({
      task: f.task,
      department: f.deptA,
      role: 'lead',
      period: '2024-01',
      periodEnd: '2024-01-31',
      at: at('2024-02-08'),
    })
    await runReportingCycle(db, { now: at('2024-03-15') })

    const { items, totals } = await reportingRates(db, everywhere, { asOf: '2024-03-15' })
    const a = items.find((r) => r.departmentId === f.deptA)!
    // Tasks: the task's and the milestone's January and February are due; one is on time.
    expect(a.bySubject.task).toEqual({ due: 4, onTime: 1, late: 0, missing: 3, rate: 0.25, reportedRate: 0.25 })
    // The indicator's January and February are due and missing.
    expect(a.bySubject.indicator).toMatchObject({ due: 2, onTime: 0, missing: 2 })
    expect(a).toMatchObject({ due: 6, onTime: 1, missing: 5, rate: 1 / 6 })
    expect(totals.task).toMatchObject({ due: 4, onTime: 1 })
    expect(totals.all.due).toBe(totals.indicator.due + totals.task.due)
    const onlyTasks = await reportingRates(db, everywhere, { asOf: '2024-03-15', subject: 'task' })
    expect(onlyTasks.items.find((r) => r.departmentId === f.deptA)).toMatchObject({
      due: 4,
      onTime: 1,
      bySubject: { indicator: { due: 0 } },
    })

    const overdue = await overdueReports(db, everywhere, { asOf: '2024-03-15', subject: 'task' })
    expect(overdue.items.map((o) => [o.subjectName, o.periodKey, o.state])).toEqual([
      ['任务「1 任务t1」', '2024-02', 'overdue'],
      ['里程碑「1.1 节点m1」', '2024-02', 'overdue'],
      ['里程碑「1.1 节点m1」', '2024-01', 'missing'],
    ])
    expect(overdue.items[0]).toMatchObject({
      subject: 'task',
      taskId: f.task,
      indicatorId: null,
      departmentName: '市数据局',
    })
    const both = await overdueReports(db, everywhere, { asOf: '2024-03-15' })
    expect(both.total).toBe(
      overdue.total + (await overdueReports(db, everywhere, { asOf: '2024-03-15', subject: 'indicator' })).total,
    )

    const due = await dueReports(db, { jurisdictions: null, departmentId: f.deptA }, { asOf: '2024-03-15' })
    expect(due.map((d) => [d.subject, d.subjectName, d.periodKey, d.dueDate, d.state])).toEqual([
      ['indicator', '政务服务一网通办率', '2024-02', '2024-03-10', 'overdue'],
      ['task', '任务「1 任务t1」', '2024-02', '2024-03-10', 'overdue'],
      ['task', '里程碑「1.1 节点m1」', '2024-02', '2024-03-10', 'overdue'],
    ])
    expect(due[1]!.record).toEqual({ due: 2, onTime: 1, late: 0, missing: 1 })
  })

  it("一键催报 reaches the lead department's users for a task's overdue progress report, once per interval, and only in scope", async () => {
    await runReportingCycle(db, { now: at('2024-03-15') })
    const user = await db
      .insertInto('users')
      .values({
        username: 'szsj-1',
        display_name: '数据局填报员',
        password_hash: 'scrypt$x',
        role: 'reporter',
        department_id: f.deptA,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const sent = await sendReminder(serviceContext(db, admin, at('2024-03-15')), {
      taskId: f.milestone,
      periodKey: '2024-02',
    })
    expect(sent).toMatchObject({
      kind: 'manual',
      subject: 'task',
      taskId: f.milestone,
      departmentId: f.deptA,
      recipients: 1,
      jurisdictionCode: '360100',
    })
    const inbox = await db.selectFrom('inbox_items').selectAll().where('user_id', '=', user.id).execute()
    expect(inbox.map((i) => [i.title, i.body])).toEqual([
      [
        '【催报】里程碑「1.1 节点m1」',
        '催报:里程碑「1.1 节点m1」2024年2月进展情况已于 2024-03-10 到期仍未报送,请立即补报',
      ],
    ])
    await expect(
      sendReminder(serviceContext(db, admin, new Date(at('2024-03-15').getTime() + 60_000)), {
        taskId: f.milestone,
        periodKey: '2024-02',
      }),
    ).rejects.toMatchObject({ code: 'conflict' })
    expect(
      (
        await sendReminder(
          serviceContext(db, manager(['360100']), new Date(at('2024-03-15').getTime() + MANUAL_REMINDER_INTERVAL_MS)),
          { taskId: f.milestone, periodKey: '2024-02' },
        )
      ).recipients,
    ).toBe(1)
    await expect(
      sendReminder(serviceContext(db, manager(['360102']), at('2024-03-16')), {
        taskId: f.milestone,
        periodKey: '2024-02',
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      sendReminder(serviceContext(db, admin, at('2024-03-16')), { taskId: f.milestone, periodKey: '2024-03' }),
    ).rejects.toMatchObject({ code: 'conflict' })
  })
})
