import {
  type DepartmentReportingRate,
  type OverdueReport,
  type Reminder,
  type ReminderKind,
  reportingStateLabels,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { daysBetween, type IsoDate, nextPeriod, parsePeriod } from '@cockpit/domain'
import { periodLabel } from '@cockpit/tabular'
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { reportDueDate, unreportedState } from './due.js'
import type { ReportingScope } from './scope.js'

type RpBuilder = ExpressionBuilder<Database & { rp: Database['reporting_periods'] }, 'rp'>

const inScope = (scope: ReportingScope) => (eb: RpBuilder) =>
  eb.and([
    ...(scope.jurisdictions ? [eb('rp.jurisdiction_code', 'in', scope.jurisdictions.length ? scope.jurisdictions : [''])] : []),
    ...(scope.departmentId !== null ? [eb('rp.department_id', '=', scope.departmentId)] : []),
  ])

// The Beijing calendar day of the first report, the unit due dates are judged in.
const reportedOn = sql<string>`(rp.first_reported_at at time zone 'Asia/Shanghai')::date`

/**
 * Reporting rates per department as DHIS2 computes them: of the periods whose due date lies before
 * asOf, how many were first reported on time, late, or not at all by asOf. rate = on time / due.
 * Computed from due dates and first reports, not the stored states, so any asOf gives a true answer.
 */
export async function reportingRates(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { periodFrom?: IsoDate | undefined; periodTo?: IsoDate | undefined; asOf: IsoDate },
): Promise<DepartmentReportingRate[]> {
  const asOf = sql`${opts.asOf}::date`
  let q = db
    .selectFrom('reporting_periods as rp')
    .leftJoin('departments as d', 'd.id', 'rp.department_id')
    .select([
      'rp.department_id',
      'd.name as department_name',
      'd.jurisdiction_code as department_jurisdiction',
      sql<number>`count(*) filter (where rp.due_date < ${asOf})::int`.as('due'),
      sql<number>`count(*) filter (where rp.due_date < ${asOf} and ${reportedOn} <= rp.due_date and ${reportedOn} <= ${asOf})::int`.as('on_time'),
      sql<number>`count(*) filter (where rp.due_date < ${asOf} and ${reportedOn} > rp.due_date and ${reportedOn} <= ${asOf})::int`.as('late'),
    ])
    .where(inScope(scope))
    .groupBy(['rp.department_id', 'd.name', 'd.jurisdiction_code'])
    .orderBy('d.jurisdiction_code')
    .orderBy('rp.department_id')
  if (opts.periodFrom) q = q.where('rp.period_end', '>=', opts.periodFrom)
  if (opts.periodTo) q = q.where('rp.period_end', '<=', opts.periodTo)
  return (await q.execute()).map((r) => ({
    departmentId: r.department_id,
    departmentName: r.department_name,
    jurisdictionCode: r.department_jurisdiction,
    due: r.due,
    onTime: r.on_time,
    late: r.late,
    missing: r.due - r.on_time - r.late,
    rate: r.due > 0 ? r.on_time / r.due : null,
    reportedRate: r.due > 0 ? (r.on_time + r.late) / r.due : null,
  }))
}

/** Periods past their due date without a report by asOf, newest due first: overdue, or missing after a whole cycle. */
export async function overdueReports(
  db: Kysely<Database>,
  scope: ReportingScope,
  opts: { asOf: IsoDate; limit?: number },
): Promise<{ items: OverdueReport[]; total: number }> {
  const asOf = sql`${opts.asOf}::date`
  const base = db
    .selectFrom('reporting_periods as rp')
    .where(inScope(scope))
    .where(sql<boolean>`rp.due_date < ${asOf}`)
    .where((eb) => eb.or([eb('rp.first_reported_at', 'is', null), eb(reportedOn, '>', sql<string>`${asOf}`)]))
  const [rows, count] = await Promise.all([
    base
      .innerJoin('indicators as i', 'i.id', 'rp.indicator_id')
      .innerJoin('plans as p', 'p.id', 'i.plan_id')
      .leftJoin('departments as d', 'd.id', 'rp.department_id')
      .select(['rp.indicator_id', 'i.key', 'p.key as plan_key', 'i.name', 'i.report_grace_days', 'rp.jurisdiction_code', 'rp.period_key', 'rp.period_end', 'rp.due_date', 'rp.department_id', 'd.name as department_name'])
      .orderBy('rp.due_date', 'desc')
      .orderBy('rp.indicator_id')
      .orderBy('rp.jurisdiction_code')
      .limit(opts.limit ?? 200)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  const items = rows.map((r): OverdueReport => {
    const period = parsePeriod(r.period_key)
    const nextDue = period ? reportDueDate(nextPeriod(period), r.report_grace_days) : r.due_date
    const state = unreportedState(opts.asOf, r.due_date, nextDue) === 'missing' ? 'missing' : 'overdue'
    return {
      indicatorId: r.indicator_id,
      indicatorCode: `${r.plan_key}/${r.key}`,
      indicatorName: r.name,
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
  return { items, total: Number(count.n) }
}

const label = (key: string) => {
  const p = parsePeriod(key)
  return p ? periodLabel(p) : key
}

/** What a reminder says, in the list and in the department's inbox alike. */
export function reminderMessage(kind: ReminderKind, indicatorName: string, periodKey: string, dueDate: string): string {
  if (kind === 'due-soon') return `「${indicatorName}」${label(periodKey)}数据将于 ${dueDate} 到期,请及时报送`
  if (kind === 'manual') return `催报:「${indicatorName}」${label(periodKey)}数据已于 ${dueDate} 到期仍未报送,请立即补报`
  return `「${indicatorName}」${label(periodKey)}数据已于 ${dueDate} 到期仍未报送,请尽快补报`
}

/** The in-app reminder list, newest first; what email and robot delivery will later send. */
export async function listReminders(db: Kysely<Database>, scope: ReportingScope, opts: { kind?: ReminderKind | undefined; limit?: number }): Promise<Reminder[]> {
  let q = db
    .selectFrom('reporting_reminders as rr')
    .innerJoin('departments as d', 'd.id', 'rr.department_id')
    .innerJoin('indicators as i', 'i.id', 'rr.indicator_id')
    .select(['rr.id', 'rr.kind', 'rr.department_id', 'd.name as department_name', 'rr.indicator_id', 'i.name as indicator_name', 'rr.jurisdiction_code', 'rr.period_key', 'rr.due_date', 'rr.created_at'])
    .orderBy('rr.created_at', 'desc')
    .orderBy('rr.id', 'desc')
    .limit(opts.limit ?? 100)
  if (scope.jurisdictions) q = q.where('rr.jurisdiction_code', 'in', scope.jurisdictions.length ? scope.jurisdictions : [''])
  if (scope.departmentId !== null) q = q.where('rr.department_id', '=', scope.departmentId)
  if (opts.kind) q = q.where('rr.kind', '=', opts.kind)
  return (await q.execute()).map((r) => ({
    id: String(r.id),
    kind: r.kind,
    message: reminderMessage(r.kind, r.indicator_name, r.period_key, r.due_date),
    departmentId: r.department_id,
    departmentName: r.department_name,
    indicatorId: r.indicator_id,
    indicatorName: r.indicator_name,
    jurisdictionCode: r.jurisdiction_code,
    periodKey: r.period_key,
    dueDate: r.due_date,
    createdAt: r.created_at.toISOString(),
  }))
}
