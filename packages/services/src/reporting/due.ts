import type { Cadence, ReportingState } from '@cockpit/contracts'
import {
  addDays,
  type IsoDate,
  nextPeriod,
  type Period,
  periodOf,
  periodsBetween,
  previousPeriod,
} from '@cockpit/domain'

/** Days after a period ends that its report is due (月跟踪 by the 10th, 季通报 by the 15th, 年考核 by 31 January). */
export const DEFAULT_GRACE_DAYS: Record<Cadence, number> = { monthly: 10, quarterly: 15, yearly: 31 }

/** A report turns due-soon this many days before its due date. */
export const DUE_SOON_DAYS = 7

/** The indicator's own grace (report_grace_days) when set, else the cadence's default. */
export const graceDaysFor = (cadence: Cadence, override: number | null | undefined): number =>
  override ?? DEFAULT_GRACE_DAYS[cadence]

/** The last day a period's report counts as on time. */
export const reportDueDate = (period: Period, graceDays?: number | null): IsoDate =>
  addDays(period.end, graceDaysFor(period.cadence, graceDays))

/**
 * The first day a period is locked (changes then need a reason): the day after due date + lock_after_days;
 * null when the indicator never locks.
 */
export const lockDate = (dueDate: IsoDate, lockAfterDays: number | null | undefined): IsoDate | null =>
  lockAfterDays === null || lockAfterDays === undefined ? null : addDays(dueDate, lockAfterDays + 1)

export const isLocked = (dueDate: IsoDate, lockAfterDays: number | null | undefined, asOf: IsoDate): boolean => {
  const from = lockDate(dueDate, lockAfterDays)
  return from !== null && asOf >= from
}

/**
 * Where an unreported period stands on asOf. A report late by a whole cycle (the next period's due
 * date has passed too) counts as missing rather than merely overdue: by then the department skipped it.
 */
export function unreportedState(
  asOf: IsoDate,
  dueDate: IsoDate,
  nextDueDate: IsoDate,
): 'open' | 'due-soon' | 'overdue' | 'missing' {
  if (asOf > nextDueDate) return 'missing'
  if (asOf > dueDate) return 'overdue'
  if (asOf >= addDays(dueDate, -DUE_SOON_DAYS)) return 'due-soon'
  return 'open'
}

/**
 * When an imported report (历史数据导入) counts as made: on its period's due date (09:00 Beijing time, a
 * working morning), or at the import itself when that is earlier. Either way it is on time: an import
 * records what was reported before the product was in use, and nobody can now say it was late.
 */
export const importedReportTime = (dueDate: IsoDate, importedAt: Date): Date => {
  const onDueDate = new Date(`${dueDate}T09:00:00+08:00`)
  return onDueDate.getTime() < importedAt.getTime() ? onDueDate : importedAt
}

/** On time when the first report arrived (Beijing date) on or before the due date. */
export const reportedState = (reportedOn: IsoDate, dueDate: IsoDate): 'reported-on-time' | 'reported-late' =>
  reportedOn <= dueDate ? 'reported-on-time' : 'reported-late'

export function reportingState(input: {
  asOf: IsoDate
  dueDate: IsoDate
  nextDueDate: IsoDate
  reportedOn: IsoDate | null
}): ReportingState {
  return input.reportedOn !== null
    ? reportedState(input.reportedOn, input.dueDate)
    : unreportedState(input.asOf, input.dueDate, input.nextDueDate)
}

/** The period a department is currently expected to report: the latest one that has ended by asOf. */
export const currentDuePeriod = (cadence: Cadence, asOf: IsoDate): Period => previousPeriod(periodOf(cadence, asOf))

export interface TrackedPeriod {
  period: Period
  dueDate: IsoDate
  nextDueDate: IsoDate
}

/**
 * The periods a lead department owes within the plan horizon, up to and including the running one
 * (so the coming report is known before it is due), each with its due date and the next one's.
 */
export function trackedPeriods(
  cadence: Cadence,
  horizon: { startYear: number; endYear: number },
  asOf: IsoDate,
  graceDays?: number | null,
): TrackedPeriod[] {
  const from = `${String(horizon.startYear).padStart(4, '0')}-01-01`
  const horizonEnd = `${String(horizon.endYear).padStart(4, '0')}-12-31`
  const to = asOf < horizonEnd ? asOf : horizonEnd
  return periodsBetween(cadence, from, to).map((period) => ({
    period,
    dueDate: reportDueDate(period, graceDays),
    nextDueDate: reportDueDate(nextPeriod(period), graceDays),
  }))
}
