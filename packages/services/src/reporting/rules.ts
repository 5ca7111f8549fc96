import type { Cadence } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { IsoDate, Period } from '@cockpit/domain'
import { type Expression, type Kysely, sql } from 'kysely'
import { isLocked, lockDate, reportDueDate } from './due.js'
import { anyInt } from '../kernel/any-of.js'

export interface ReportingRule {
  cadence: Cadence
  /** The indicator's own jurisdiction: the one whose reporting discipline is tracked. */
  jurisdictionCode: string
  graceDays: number | null
  lockAfterDays: number | null
  /** The lead department answerable for the report (the lowest id when several lead). */
  leadDepartmentId: number | null
}

/** The lead department of an indicator; the lowest id when a plan names several. */
export const leadDepartment = (indicatorId: Expression<number>) =>
  sql<
    number | null
  >`(select min(l.department_id) from indicator_departments l where l.indicator_id = ${indicatorId} and l.role = 'lead')`

/** Each indicator's grace and lock settings, loaded once per submission (one query whatever the batch size). */
export async function loadReportingRules(
  db: Kysely<Database>,
  indicatorIds: number[],
): Promise<Map<number, ReportingRule>> {
  const out = new Map<number, ReportingRule>()
  if (indicatorIds.length === 0) return out
  const rows = await db
    .selectFrom('indicators as i')
    .select((eb) => [
      'i.id',
      'i.cadence',
      'i.jurisdiction_code',
      'i.report_grace_days',
      'i.lock_after_days',
      leadDepartment(eb.ref('i.id')).as('lead_department_id'),
    ])
    .where('i.id', '=', anyInt([...new Set(indicatorIds)]))
    .execute()
  for (const r of rows)
    out.set(r.id, {
      cadence: r.cadence,
      jurisdictionCode: r.jurisdiction_code,
      graceDays: r.report_grace_days,
      lockAfterDays: r.lock_after_days,
      leadDepartmentId: r.lead_department_id ?? null,
    })
  return out
}

/**
 * For validateItems: the date a period became locked, or null while it is open. A period locks once
 * asOf is past due date + lock_after_days; only indicators with lock_after_days set ever lock.
 */
export function periodLockCheck(
  rules: Map<number, ReportingRule>,
  asOf: IsoDate,
): (indicatorId: number, period: Period) => IsoDate | null {
  return (indicatorId, period) => {
    const rule = rules.get(indicatorId)
    if (!rule || rule.lockAfterDays === null) return null
    const due = reportDueDate(period, rule.graceDays)
    return isLocked(due, rule.lockAfterDays, asOf) ? lockDate(due, rule.lockAfterDays) : null
  }
}
