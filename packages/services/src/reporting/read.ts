import {
  type DepartmentReportingRate,
  type OverdueReport,
  type RateCounts,
  type Reminder,
  type ReminderKind,
  type ReportingSubject,
  reportingStateLabels,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { daysBetween, type IsoDate, nextPeriod, parsePeriod } from '@cockpit/domain'
import { periodLabel } from '@cockpit/tabular'
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { reportDueDate, unreportedState } from './due.js'
import type { ReportingScope } from './scope.js'
import { subjectNamer } from './subjects.js'
import { anyText } from '../kernel/any-of.js'

type RpBuilder = ExpressionBuilder<Database & { rp: Database['reporting_periods'] }, 'rp'>

const inScope = (scope: ReportingScope, subject?: ReportingSubject) => (eb: RpBuilder) =>
  eb.and([
    ...(scope.jurisdictions ? [eb('rp.jurisdiction_code', '=', anyText(scope.jurisdictions))] : []),
    ...(scope.departmentId !== null ? [eb('rp.department_id', '=', scope.departmentId)] : []),
    ...(subject === 'indicator'
      ? [eb('rp.task_id', 'is', null)]
      : subject === 'task'
        ? [eb('rp.task_id', 'is not', null)]
        : []),
  ])

/** Counts and the rates they make. */
export const rateCounts = (due: number, onTime: number, late: number): RateCounts => ({
  due,
  onTime,
  late,
  missing: due - onTime - late,
  rate: due > 0 ? onTime / due : null,
  reportedRate: due > 0 ? (onTime + late) / due : null,
})
const sumCounts = (items: RateCounts[]): RateCounts =>
  rateCounts(
    items.reduce((a, r) => a + r.due, 0),
    items.reduce((a, r) => a + r.onTime, 0),
    items.reduce((a, r) => a + r.late, 0),
  )

// The Beijing calendar day of the first report, the unit due dates are judged in.
const reportedOn = sql<string>`(rp.first_reported_at at time zone 'Asia/Shanghai')::date`

/**
 * Reporting rates per department as DHIS2 computes them: of the periods whose due date lies before
 * asOf, how many were first reported on time, late, or not at all by asOf. rate = on time / due.
 * Computed from due dates and first reports, not the stored states, so any asOf gives a true answer.
 * Indicators and tasks are counted apart in the same scan (bySubject) and together (the top level).
 */
export async function reportingRates(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: {
    periodFrom?: IsoDate | undefined
    periodTo?: IsoDate | undefined
    asOf: IsoDate
    subject?: ReportingSubject | undefined
  },
): Promise<{ items: DepartmentReportingRate[]; totals: { all: RateCounts; indicator: RateCounts; task: RateCounts } }> {
  const asOf = sql`${opts.asOf}::date`
  const due = sql`rp.due_date < ${asOf}`
  const onTime = sql`${reportedOn} <= rp.due_date and ${reportedOn} <= ${asOf}`
  const late = sql`${reportedOn} > rp.due_date and ${reportedOn} <= ${asOf}`
  const ofTasks = sql`rp.task_id is not null`
  let q = db
    .selectFrom('reporting_periods as rp')
    .leftJoin('departments as d', 'd.id', 'rp.department_id')
    .select([
      'rp.department_id',
      'd.name as department_name',
      'd.jurisdiction_code as department_jurisdiction',
      sql<number>`count(*) filter (where ${due} and not ${ofTasks})::int`.as('i_due'),
      sql<number>`count(*) filter (where ${due} and not ${ofTasks} and ${onTime})::int`.as('i_on_time'),
      sql<number>`count(*) filter (where ${due} and not ${ofTasks} and ${late})::int`.as('i_late'),
      sql<number>`count(*) filter (where ${due} and ${ofTasks})::int`.as('t_due'),
      sql<number>`count(*) filter (where ${due} and ${ofTasks} and ${onTime})::int`.as('t_on_time'),
      sql<number>`count(*) filter (where ${due} and ${ofTasks} and ${late})::int`.as('t_late'),
    ])
    .where(inScope(scope, opts.subject))
    .groupBy(['rp.department_id', 'd.name', 'd.jurisdiction_code'])
    .orderBy('d.jurisdiction_code')
    .orderBy('rp.department_id')
  if (opts.periodFrom) q = q.where('rp.period_end', '>=', opts.periodFrom)
  if (opts.periodTo) q = q.where('rp.period_end', '<=', opts.periodTo)
  const items = (await q.execute()).map((r): DepartmentReportingRate => {
    const indicator = rateCounts(r.i_due, r.i_on_time, r.i_late)
    const task = rateCounts(r.t_due, r.t_on_time, r.t_late)
    return {
      departmentId: r.department_id,
      departmentName: r.department_name,
      jurisdictionCode: r.department_jurisdiction,
      ...sumCounts([indicator, task]),
      bySubject: { indicator, task },
    }
  })
  const indicator = sumCounts(items.map((i) => i.bySubject.indicator))
  const task = sumCounts(items.map((i) => i.bySubject.task))
  return { items, totals: { all: sumCounts([indicator, task]), indicator, task } }
}

/** Periods past their due date without a report by asOf, newest due first: overdue, or missing after a whole cycle. */
export async function overdueReports(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { asOf: IsoDate; limit?: number; subject?: ReportingSubject | undefined },
): Promise<{ items: OverdueReport[]; total: number }> {
  const asOf = sql`${opts.asOf}::date`
  // One scan for the page and its total: the matching periods are materialised once, counted, and only the
  // page is sorted out of them and joined to names (a second count(*) repeated the scan of every period).
  const rows = await db
    .with(
      (cte) => cte('hits').materialized(),
      (qb) =>
        qb
          .selectFrom('reporting_periods as rp')
          .where(inScope(scope, opts.subject))
          .where(sql<boolean>`rp.due_date < ${asOf}`)
          .where((eb) => eb.or([eb('rp.first_reported_at', 'is', null), eb(reportedOn, '>', sql<string>`${asOf}`)]))
          .select([
            'rp.indicator_id',
            'rp.task_id',
            'rp.jurisdiction_code',
            'rp.period_key',
            'rp.period_end',
            'rp.due_date',
            'rp.department_id',
          ]),
    )
    .with('page', (qb) =>
      qb
        .selectFrom('hits')
        .selectAll()
        .orderBy('due_date', 'desc')
        .orderBy('indicator_id')
        .orderBy('task_id')
        .orderBy('jurisdiction_code')
        .limit(opts.limit ?? 200),
    )
    .selectFrom('page as rp')
    .leftJoin('indicators as i', 'i.id', 'rp.indicator_id')
    .leftJoin('departments as d', 'd.id', 'rp.department_id')
    .select([
      'rp.indicator_id',
      'rp.task_id',
      'i.report_grace_days',
      'rp.jurisdiction_code',
      'rp.period_key',
      'rp.period_end',
      'rp.due_date',
      'rp.department_id',
      'd.name as department_name',
      sql<string>`(select count(*) from hits)`.as('total'),
    ])
    .orderBy('rp.due_date', 'desc')
    .orderBy('rp.indicator_id')
    .orderBy('rp.task_id')
    .orderBy('rp.jurisdiction_code')
    .execute()
  const subjectOf = await subjectNamer(db, rows)
  const items = rows.map((r): OverdueReport => {
    const period = parsePeriod(r.period_key)
    const nextDue = period ? reportDueDate(nextPeriod(period), r.report_grace_days) : r.due_date
    const state = unreportedState(opts.asOf, r.due_date, nextDue) === 'missing' ? 'missing' : 'overdue'
    return {
      ...subjectOf(r),
      jurisdictionCode: r.jurisdiction_code,
      periodKey: r.period_key,
      periodEnd: r.period_end,
      dueDate: r.due_date,
      daysOverdue: daysBetween(r.due_date, opts.asOf),
      state,
      stateLabel: reportingStateLabels[state],
      departmentId: r.department_id,
      departmentName: r.department_name,
    }
  })
  return { items, total: Number(rows[0]?.total ?? 0) }
}

const label = (key: string) => {
  const p = parsePeriod(key)
  return p ? periodLabel(p) : key
}

/**
 * What a reminder says, in the list and in the department's inbox alike. An indicator owes its 数据, a
 * task its 进展情况; a task is named as lists name it (里程碑「…」), an indicator in quotes.
 */
export function reminderMessage(
  kind: ReminderKind,
  subjectName: string,
  periodKey: string,
  dueDate: string,
  subject: ReportingSubject = 'indicator',
): string {
  const what =
    subject === 'task' ? `${subjectName}${label(periodKey)}进展情况` : `「${subjectName}」${label(periodKey)}数据`
  if (kind === 'due-soon') return `${what}将于 ${dueDate} 到期,请及时报送`
  if (kind === 'manual') return `催报:${what}已于 ${dueDate} 到期仍未报送,请立即补报`
  return `${what}已于 ${dueDate} 到期仍未报送,请尽快补报`
}

/** The in-app reminder list, newest first; what email and robot delivery will later send. */
export async function listReminders(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { kind?: ReminderKind | undefined; limit?: number; subject?: ReportingSubject | undefined },
): Promise<Reminder[]> {
  let q = db
    .selectFrom('reporting_reminders as rr')
    .innerJoin('departments as d', 'd.id', 'rr.department_id')
    .select([
      'rr.id',
      'rr.kind',
      'rr.department_id',
      'd.name as department_name',
      'rr.indicator_id',
      'rr.task_id',
      'rr.jurisdiction_code',
      'rr.period_key',
      'rr.due_date',
      'rr.created_at',
    ])
    .orderBy('rr.created_at', 'desc')
    .orderBy('rr.id', 'desc')
    .limit(opts.limit ?? 100)
  if (scope.jurisdictions) q = q.where('rr.jurisdiction_code', '=', anyText(scope.jurisdictions))
  if (scope.departmentId !== null) q = q.where('rr.department_id', '=', scope.departmentId)
  if (opts.kind) q = q.where('rr.kind', '=', opts.kind)
  if (opts.subject === 'indicator') q = q.where('rr.task_id', 'is', null)
  if (opts.subject === 'task') q = q.where('rr.task_id', 'is not', null)
  const rows = await q.execute()
  const subjectOf = await subjectNamer(db, rows)
  return rows.map((r) => {
    const subject = subjectOf(r)
    return {
      id: String(r.id),
      kind: r.kind,
      message: reminderMessage(r.kind, subject.subjectName, r.period_key, r.due_date, subject.subject),
      departmentId: r.department_id,
      departmentName: r.department_name,
      ...subject,
      jurisdictionCode: r.jurisdiction_code,
      periodKey: r.period_key,
      dueDate: r.due_date,
      createdAt: r.created_at.toISOString(),
    }
  })
}
