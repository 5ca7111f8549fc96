import { type DueReport, reportingStateLabels } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type IsoDate, nextPeriod, shanghaiDate } from '@cockpit/domain'
import { periodLabel } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import { currentDuePeriod, reportDueDate, reportedState, reportingState } from './due.js'
import { leadDepartment } from './rules.js'
import type { ReportingScope } from './scope.js'

/**
 * What each indicator's lead department owes now, for a reporter's "我的指标": the latest period that
 * has ended, its due date and state, and the on-time record of the periods already due. Judged from
 * due dates and first reports (as reportingRates is), so it is right before the reporting cycle has run.
 */
export async function dueReports(db: Kysely<Database>, scope: ReportingScope, opts: { asOf: IsoDate }): Promise<DueReport[]> {
  let q = db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select((eb) => ['i.id', 'i.key', 'p.key as plan_key', 'i.name', 'i.jurisdiction_code', 'i.cadence', 'i.report_grace_days', leadDepartment(eb.ref('i.id')).as('lead')])
    .orderBy('i.id')
  if (scope.jurisdictions) q = q.where('i.jurisdiction_code', 'in', scope.jurisdictions.length ? scope.jurisdictions : [''])
  const departmentId = scope.departmentId
  if (departmentId !== null) q = q.where((eb) => eb(leadDepartment(eb.ref('i.id')), '=', departmentId))
  const indicators = await q.execute()
  if (indicators.length === 0) return []
  const periods = await db
    .selectFrom('reporting_periods as rp')
    .select(['rp.indicator_id', 'rp.jurisdiction_code', 'rp.period_key', 'rp.due_date', 'rp.first_reported_at'])
    .where('rp.indicator_id', 'in', indicators.map((i) => i.id))
    .execute()
  const byIndicator = new Map<number, typeof periods>()
  const ownJurisdiction = new Map(indicators.map((i) => [i.id, i.jurisdiction_code]))
  // Only the indicator's own jurisdiction is tracked (see markReported).
  for (const r of periods) if (r.jurisdiction_code === ownJurisdiction.get(r.indicator_id)) byIndicator.set(r.indicator_id, [...(byIndicator.get(r.indicator_id) ?? []), r])
  const reportedOn = (at: Date | null) => (at ? shanghaiDate(at) : null)

  return indicators.map((ind) => {
    const rows = byIndicator.get(ind.id) ?? []
    const period = currentDuePeriod(ind.cadence, opts.asOf)
    const dueDate = reportDueDate(period, ind.report_grace_days)
    const row = rows.find((r) => r.period_key === period.key)
    // A report stamped after asOf had not arrived yet as of that date.
    const on = reportedOn(row?.first_reported_at ?? null)
    const firstOn = on !== null && on <= opts.asOf ? on : null
    const state = reportingState({ asOf: opts.asOf, dueDate, nextDueDate: reportDueDate(nextPeriod(period), ind.report_grace_days), reportedOn: firstOn })
    const record = { due: 0, onTime: 0, late: 0, missing: 0 }
    for (const r of rows) {
      if (r.due_date >= opts.asOf) continue
      record.due++
      const o = reportedOn(r.first_reported_at)
      if (o === null || o > opts.asOf) record.missing++
      else if (reportedState(o, r.due_date) === 'reported-on-time') record.onTime++
      else record.late++
    }
    return {
      indicatorId: ind.id,
      indicatorCode: `${ind.plan_key}/${ind.key}`,
      indicatorName: ind.name,
      jurisdictionCode: ind.jurisdiction_code,
      departmentId: ind.lead ?? null,
      periodKey: period.key,
      periodLabel: periodLabel(period),
      periodEnd: period.end,
      dueDate,
      state,
      stateLabel: reportingStateLabels[state],
      firstReportedAt: firstOn && row?.first_reported_at ? row.first_reported_at.toISOString() : null,
      record,
    }
  })
}
