import { type DueReport, type ReportingSubject, reportingStateLabels, taskDisplayName } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type IsoDate, nextPeriod, shanghaiDate } from '@cockpit/domain'
import { periodLabel } from '@cockpit/tabular'
import { type Kysely, sql } from 'kysely'
import { currentDuePeriod, reportDueDate, reportedState, reportingState } from './due.js'
import { leadDepartment } from './rules.js'
import type { ReportingScope } from './scope.js'
import { taskRefs } from './subjects.js'
import { isOwed, taskOwingQuery, toTaskOwing } from './task-owing.js'
import { anyInt, anyText } from '../kernel/any-of.js'

type PeriodRow = { period_key: string; due_date: string; first_reported_at: Date | null }
const reportedOn = (at: Date | null) => (at ? shanghaiDate(at) : null)

/** Where the current period stands at asOf, and the record of the periods due before it (from stored first reports). */
function standing(
  rows: PeriodRow[],
  period: ReturnType<typeof currentDuePeriod>,
  dueDate: string,
  nextDueDate: string,
  asOf: IsoDate,
) {
  const row = rows.find((r) => r.period_key === period.key)
  // A report stamped after asOf had not arrived yet as of that date.
  const on = reportedOn(row?.first_reported_at ?? null)
  const firstOn = on !== null && on <= asOf ? on : null
  const state = reportingState({ asOf, dueDate, nextDueDate, reportedOn: firstOn })
  const record = { due: 0, onTime: 0, late: 0, missing: 0 }
  for (const r of rows) {
    if (r.due_date >= asOf) continue
    record.due++
    const o = reportedOn(r.first_reported_at)
    if (o === null || o > asOf) record.missing++
    else if (reportedState(o, r.due_date) === 'reported-on-time') record.onTime++
    else record.late++
  }
  return {
    periodKey: period.key,
    periodLabel: periodLabel(period),
    periodEnd: period.end,
    dueDate,
    state,
    stateLabel: reportingStateLabels[state],
    firstReportedAt: firstOn && row?.first_reported_at ? row.first_reported_at.toISOString() : null,
    record,
  }
}

/**
 * What each indicator's and each task's lead department owes now (see indicatorDueReports and
 * taskDueReports), indicators first; `subject` keeps one of them.
 */
export async function dueReports(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { asOf: IsoDate; subject?: ReportingSubject | undefined },
): Promise<DueReport[]> {
  return [
    ...(opts.subject === 'task' ? [] : await indicatorDueReports(db, scope, opts)),
    ...(opts.subject === 'indicator' ? [] : await taskDueReports(db, scope, opts)),
  ]
}

/**
 * What each task's and milestone's lead department owes now, for a reporter's "我的任务": the progress
 * report of the latest period that has ended, its due date and state, and the record so far. A task
 * verified complete by asOf, or whose current period is not owed yet, is left out.
 */
export async function taskDueReports(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { asOf: IsoDate },
): Promise<DueReport[]> {
  let q = taskOwingQuery(db)
  if (scope.jurisdictions) q = q.where('p.jurisdiction_code', '=', anyText(scope.jurisdictions))
  const departmentId = scope.departmentId
  if (departmentId !== null)
    q = q.where(
      sql<
        number | null
      >`(select min(l.department_id) from task_departments l where l.task_id = t.id and l.role = 'lead')`,
      '=',
      departmentId,
    )
  const owing = (await q.execute()).map(toTaskOwing).flatMap((t) => {
    const period = currentDuePeriod(t.cadence, opts.asOf)
    return isOwed(t, period, opts.asOf) ? [{ t, period }] : []
  })
  if (owing.length === 0) return []
  const ids = owing.map((o) => o.t.taskId)
  const [periods, refs] = await Promise.all([
    db
      .selectFrom('reporting_periods as rp')
      .select(['rp.task_id', 'rp.period_key', 'rp.due_date', 'rp.first_reported_at'])
      .where('rp.task_id', '=', anyInt(ids))
      .execute(),
    taskRefs(db, ids),
  ])
  const byTask = new Map<number, PeriodRow[]>()
  for (const r of periods) if (r.task_id !== null) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), r])
  return owing.map(({ t, period }) => {
    const task = refs.get(t.taskId) ?? null
    const dueDate = reportDueDate(period)
    return {
      subject: 'task' as const,
      indicatorId: null,
      indicatorCode: null,
      indicatorName: null,
      taskId: t.taskId,
      task,
      subjectName: task ? taskDisplayName(task) : `任务 ${t.taskId}`,
      jurisdictionCode: t.jurisdictionCode,
      departmentId: t.leadDepartmentId,
      ...standing(byTask.get(t.taskId) ?? [], period, dueDate, reportDueDate(nextPeriod(period)), opts.asOf),
    }
  })
}

/**
 * What each indicator's lead department owes now, for a reporter's "我的指标": the latest period that
 * has ended, its due date and state, and the on-time record of the periods already due. Judged from
 * due dates and first reports (as reportingRates is), so it is right before the reporting cycle has run.
 */
export async function indicatorDueReports(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { asOf: IsoDate },
): Promise<DueReport[]> {
  let q = db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select((eb) => [
      'i.id',
      'i.key',
      'p.key as plan_key',
      'i.name',
      'i.jurisdiction_code',
      'i.cadence',
      'i.report_grace_days',
      leadDepartment(eb.ref('i.id')).as('lead'),
    ])
    .orderBy('i.id')
  if (scope.jurisdictions) q = q.where('i.jurisdiction_code', '=', anyText(scope.jurisdictions))
  const departmentId = scope.departmentId
  if (departmentId !== null) q = q.where((eb) => eb(leadDepartment(eb.ref('i.id')), '=', departmentId))
  const indicators = await q.execute()
  if (indicators.length === 0) return []
  const periods = await db
    .selectFrom('reporting_periods as rp')
    .select(['rp.indicator_id', 'rp.jurisdiction_code', 'rp.period_key', 'rp.due_date', 'rp.first_reported_at'])
    .where('rp.indicator_id', '=', anyInt(indicators.map((i) => i.id)))
    .execute()
  const byIndicator = new Map<number, typeof periods>()
  const ownJurisdiction = new Map(indicators.map((i) => [i.id, i.jurisdiction_code]))
  // Only the indicator's own jurisdiction is tracked (see markReported).
  for (const r of periods)
    if (r.indicator_id !== null && r.jurisdiction_code === ownJurisdiction.get(r.indicator_id))
      byIndicator.set(r.indicator_id, [...(byIndicator.get(r.indicator_id) ?? []), r])

  return indicators.map((ind) => {
    const period = currentDuePeriod(ind.cadence, opts.asOf)
    const dueDate = reportDueDate(period, ind.report_grace_days)
    return {
      subject: 'indicator' as const,
      indicatorId: ind.id,
      indicatorCode: `${ind.plan_key}/${ind.key}`,
      indicatorName: ind.name,
      taskId: null,
      task: null,
      subjectName: ind.name,
      jurisdictionCode: ind.jurisdiction_code,
      departmentId: ind.lead ?? null,
      ...standing(
        byIndicator.get(ind.id) ?? [],
        period,
        dueDate,
        reportDueDate(nextPeriod(period), ind.report_grace_days),
        opts.asOf,
      ),
    }
  })
}
