import type { Cadence, TaskDueState, TaskStage } from '@cockpit/contracts'
import { assertIsoDate, daysBetween, yearEnd, type IsoDate } from './dates.js'
import { periodOf, previousPeriod } from './periods.js'

/** What a task's or milestone's due state is derived from (all dates as known at asOf). */
export interface TaskDueInput {
  /** The effective due date: its own date, else the end of its plan's horizon (see `effectiveDueDate`). */
  dueDate: IsoDate
  /** The verified completion date (an approved claim); a claim waiting for verification is not one. */
  completedOn: IsoDate | null
  /** The stage of the report that speaks for it (the lead's newest), null before any report. */
  latestStage: TaskStage | null
  /** The end of the period of that newest report, null before any report. */
  lastReportPeriodEnd: IsoDate | null
  /** The day reporting starts to be expected (the plan's issue date): no period before it can be missed. */
  reportingFrom: IsoDate
  /** Its effective reporting cadence. */
  cadence: Cadence
}

export interface TaskDueOptions {
  /** Due within this many days (inclusive) and not verified complete → due-soon. Default 30. */
  soonDays?: number
  /** No report in the last this many closed periods → stalled. Default 2. */
  stalledPeriods?: number
}

export interface TaskDue {
  state: TaskDueState
  /** overdue: days past the due date at asOf; done-late: days past it at completion; else null. */
  daysOverdue: number | null
  /** Days until the due date while open and not past it (0 = due today); else null. */
  daysLeft: number | null
  /** How many of its milestones are overdue (0 for a milestone itself). */
  overdueMilestones: number
}

export const DEFAULT_SOON_DAYS = 30
export const DEFAULT_STALLED_PERIODS = 2

/** A plan's task without its own date falls due at the end of the plan's last year; a dated one on its date. */
export const effectiveDueDate = (ownDate: IsoDate | null, planEndYear: number): IsoDate => {
  if (ownDate !== null) {
    assertIsoDate(ownDate)
    return ownDate
  }
  return yearEnd(planEndYear)
}

/**
 * Whether reporting has stalled at asOf: at least one period has closed since reporting started, and
 * no report covers any of the last `periods` closed periods (nor the current one). With fewer closed
 * periods than that, the window is all of them: a task never reported on after its first period is stalled.
 */
export const reportingStalled = (
  input: Pick<TaskDueInput, 'lastReportPeriodEnd' | 'reportingFrom' | 'cadence'>,
  asOf: IsoDate,
  periods = DEFAULT_STALLED_PERIODS,
): boolean => {
  let p = previousPeriod(periodOf(input.cadence, asOf))
  if (p.end < input.reportingFrom) return false
  let windowStart = p.start
  for (let n = 1; n < periods; n++) {
    p = previousPeriod(p)
    if (p.end < input.reportingFrom) break
    windowStart = p.start
  }
  return input.lastReportPeriodEnd === null || input.lastReportPeriodEnd < windowStart
}

/**
 * A task's or milestone's standing at asOf. Precedence: verified complete → done / done-late (a
 * completion dated after asOf was not yet known then); past due → overdue; latest stage 暂缓 →
 * suspended; no report in the last N periods → stalled; due within soonDays → due-soon; else not-due.
 * The due date is the end of that day: due today is due-soon, the day after is overdue by 1.
 * Everything depends on asOf only through dates, so re-evaluating a past date gives that date's answer.
 */
export const taskDueState = (input: TaskDueInput, asOf: IsoDate, options: TaskDueOptions = {}): TaskDue => {
  assertIsoDate(asOf)
  assertIsoDate(input.dueDate)
  assertIsoDate(input.reportingFrom)
  if (input.completedOn !== null) assertIsoDate(input.completedOn)
  if (input.lastReportPeriodEnd !== null) assertIsoDate(input.lastReportPeriodEnd)
  const soonDays = options.soonDays ?? DEFAULT_SOON_DAYS
  const stalledPeriods = options.stalledPeriods ?? DEFAULT_STALLED_PERIODS
  const { dueDate, completedOn } = input

  if (completedOn !== null && completedOn <= asOf) {
    const late = daysBetween(dueDate, completedOn)
    return late > 0 ? due('done-late', late, null) : due('done', null, null)
  }
  const daysLeft = daysBetween(asOf, dueDate)
  if (daysLeft < 0) return due('overdue', -daysLeft, null)
  if (input.latestStage === 'suspended') return due('suspended', null, daysLeft)
  if (reportingStalled(input, asOf, stalledPeriods)) return due('stalled', null, daysLeft)
  return due(daysLeft <= soonDays ? 'due-soon' : 'not-due', null, daysLeft)
}

const due = (state: TaskDueState, daysOverdue: number | null, daysLeft: number | null): TaskDue => ({
  state,
  daysOverdue,
  daysLeft,
  overdueMilestones: 0,
})

/**
 * A task's state reflecting its milestones: unless the task is itself overdue or done, an overdue
 * milestone makes it overdue by that milestone's days (the most, when several).
 */
export const withMilestones = (task: TaskDue, milestones: readonly TaskDue[]): TaskDue => {
  const overdue = milestones.filter((m) => m.state === 'overdue')
  const counted = { ...task, overdueMilestones: overdue.length }
  if (overdue.length === 0 || task.state === 'overdue' || task.state === 'done' || task.state === 'done-late')
    return counted
  return { ...counted, state: 'overdue', daysOverdue: Math.max(...overdue.map((m) => m.daysOverdue ?? 0)) }
}
