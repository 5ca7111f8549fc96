import type { Direction, IndicatorNature, IndicatorStatus, TaskStage } from '@cockpit/contracts'
import { assertIsoDate, daysBetween, type IsoDate } from '../dates.js'
import { meetsTarget, targetAnchor, type TargetPoint } from '../target.js'
import type { Evaluation } from './state-machine.js'

/**
 * Rule conditions: numbers from the domain status in, an Evaluation out. Each has a firing threshold
 * and a separate, easier recovery threshold, so a value that wobbles between them neither fires nor
 * clears ('between'). Boundaries, stated once for all of them: a value exactly ON the firing threshold
 * fires (≥), a value exactly ON the recovery threshold clears (≤), and where the two thresholds meet
 * or cross, firing wins. Comparisons allow the same float noise as meetsTarget, so 79.99999999999999
 * is on a threshold of 80.
 */

// The same relative tolerance as target.ts: reported values are often computed ratios and sums.
const RELATIVE_EPSILON = 1e-9

/** a ≥ b up to float noise at the given magnitude. */
const atLeast = (a: number, b: number, scale: number): boolean =>
  a >= b || Math.abs(a - b) <= RELATIVE_EPSILON * Math.max(1, scale)
/** a ≤ b up to float noise at the given magnitude. */
const atMost = (a: number, b: number, scale: number): boolean =>
  a <= b || Math.abs(a - b) <= RELATIVE_EPSILON * Math.max(1, scale)

const isNumber = (x: number | null): x is number => x !== null && Number.isFinite(x)

/** Thresholds come from rule settings; a negative one is a configuration bug to surface, not to guess at. */
const assertNonNegative = (x: number, what: string): void => {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`${what} must be a non-negative number, got ${x}`)
}

export type Tolerance = { mode: 'points'; value: number } | { mode: 'remaining-percent'; value: number }

/**
 * Below the expected path (序时进度) by at least the firing tolerance → met; within the recovery tolerance
 * (or on/ahead of the path) → cleared; in between → between. "Below" follows direction: for a
 * lower-is-better indicator being above the path is behind it.
 * - points: absolute units of the indicator.
 * - remaining-percent: percent of the distance still to go from the expected value to the final anchor.
 *   It tightens as the plan nears its end, because the same gap matters more when less time is left; once
 *   the path has reached the target (nothing left to go) any shortfall fires, so pair it with a 'points'
 *   rule if a floor is wanted.
 * Being exactly on the path never fires, even with a zero tolerance. A non-finite value is missing data;
 * a non-finite expected value or anchor is a broken plan and reported as an error.
 */
export const belowPath = (
  input: { value: number; expected: number; finalAnchor: number; direction: Direction; dataKey: string },
  fire: Tolerance,
  recover: Tolerance,
): Evaluation => {
  assertNonNegative(fire.value, 'firing tolerance')
  assertNonNegative(recover.value, 'recovery tolerance')
  const { value, expected, finalAnchor, direction, dataKey } = input
  if (!Number.isFinite(value)) return { kind: 'nodata' }
  if (!Number.isFinite(expected) || !Number.isFinite(finalAnchor)) {
    return {
      kind: 'error',
      message: `expected value or final anchor is not a number (expected ${expected}, anchor ${finalAnchor})`,
    }
  }
  const scale = Math.max(Math.abs(value), Math.abs(expected), Math.abs(finalAnchor))
  const shortfall = (direction === 'higher' ? 1 : -1) * (expected - value)
  const remaining = Math.abs(finalAnchor - expected)
  const units = (t: Tolerance): number => (t.mode === 'points' ? t.value : (t.value / 100) * remaining)
  const onOrAhead = atMost(shortfall, 0, scale)
  if (!onOrAhead && atLeast(shortfall, units(fire), scale)) return { kind: 'met', dataKey }
  if (atMost(shortfall, units(recover), scale)) return { kind: 'cleared', dataKey }
  return { kind: 'between', dataKey }
}

/**
 * The trend forecast at the final due date misses the target by at least marginPercent of the target's
 * anchor → met; the forecast meets the target (inclusive, as meetsTarget) → cleared; a forecast that
 * misses by less than the margin → between. The recovery threshold is the target itself: an alert about
 * a forecast miss should only end when the forecast is back on target.
 * The margin is relative to |anchor|, or to 1 for a target of 0 ("为0") where a percent of 0 is nothing.
 * No forecast (fewer than two reports) is missing data.
 */
export const forecastMiss = (
  input: { forecast: number | null; target: TargetPoint; direction: Direction; dataKey: string },
  marginPercent: number,
): Evaluation => {
  assertNonNegative(marginPercent, 'marginPercent')
  const { forecast, target, direction, dataKey } = input
  if (!isNumber(forecast)) return { kind: 'nodata' }
  if (meetsTarget(target, forecast, direction)) return { kind: 'cleared', dataKey }
  const anchor = targetAnchor(target, direction)
  // How far the forecast is on the wrong side of the target; 'eq' has a wrong side both ways.
  const miss =
    target.comparator === 'eq'
      ? Math.abs(forecast - anchor)
      : target.comparator === 'gte' || (target.comparator === 'range' && direction === 'higher')
        ? anchor - forecast
        : forecast - anchor
  const margin = (marginPercent / 100) * (anchor === 0 ? 1 : Math.abs(anchor))
  if (atLeast(miss, margin, Math.max(Math.abs(forecast), Math.abs(anchor)))) return { kind: 'met', dataKey }
  return { kind: 'between', dataKey }
}

/**
 * The latest value moved from the previous one by at least the threshold, either way → met; by at most
 * threshold × recoverFactor → cleared; in between → between. 'percent' is relative to |previous|; a move
 * away from a previous 0 is an infinite percent and fires. No move at all never fires, even at threshold 0.
 * Either value missing is missing data.
 */
export const suddenChange = (
  input: { previous: number | null; current: number | null; dataKey: string },
  threshold: { mode: 'points' | 'percent'; value: number },
  recoverFactor = 0.5,
): Evaluation => {
  assertNonNegative(threshold.value, 'sudden-change threshold')
  if (!(recoverFactor >= 0 && recoverFactor <= 1))
    throw new RangeError(`recoverFactor must be within 0–1, got ${recoverFactor}`)
  const { previous, current, dataKey } = input
  if (!isNumber(previous) || !isNumber(current)) return { kind: 'nodata' }
  const scale = Math.max(Math.abs(previous), Math.abs(current))
  const change = Math.abs(current - previous)
  if (atMost(change, 0, scale)) return { kind: 'cleared', dataKey }
  const size =
    threshold.mode === 'points'
      ? change
      : previous === 0
        ? Number.POSITIVE_INFINITY
        : (change / Math.abs(previous)) * 100
  // Percents are compared at their own magnitude; points at the values'.
  const sizeScale = threshold.mode === 'points' ? scale : threshold.value
  if (atLeast(size, threshold.value, sizeScale)) return { kind: 'met', dataKey }
  if (atMost(size, threshold.value * recoverFactor, sizeScale)) return { kind: 'cleared', dataKey }
  return { kind: 'between', dataKey }
}

/**
 * Good news: met when the value meets the (final) target, boundary inclusive — a value exactly on the
 * target is reached — and cleared otherwise. No band: meetsTarget already absorbs float noise, and
 * falling back below the target is itself news.
 */
export const targetReached = (input: {
  value: number | null
  target: TargetPoint
  direction: Direction
  dataKey: string
}): Evaluation => {
  const { value, target, direction, dataKey } = input
  if (!isNumber(value)) return { kind: 'nodata' }
  return meetsTarget(target, value, direction) ? { kind: 'met', dataKey } : { kind: 'cleared', dataKey }
}

/**
 * A binding (约束性) indicator off track → met; at risk → between (the band: not bad enough to fire, not
 * good enough to clear); on track or achieved → cleared. An indicator that is not binding is cleared, so
 * an alert on one that was reclassified ends instead of hanging. Status 'no-data' is missing data.
 */
export const bindingOffTrack = (input: {
  nature: IndicatorNature
  status: IndicatorStatus
  dataKey: string
}): Evaluation => {
  const { nature, status, dataKey } = input
  if (nature !== 'binding') return { kind: 'cleared', dataKey }
  switch (status) {
    case 'no-data':
      return { kind: 'nodata' }
    case 'off-track':
      return { kind: 'met', dataKey }
    case 'at-risk':
      return { kind: 'between', dataKey }
    case 'on-track':
    case 'achieved':
      return { kind: 'cleared', dataKey }
  }
}

/**
 * Not reported and more than graceDays past the due date → met. The due date is the end of that day (as in
 * taskDueState), so asOf = dueDate + graceDays is still within grace. Past due but within grace → between
 * (late, not yet alarming); reported, not yet due, or nothing due (dueDate null) → cleared.
 * The dataKey should name the period that is due: repeated evaluations of one late period are one period,
 * so use forMs, not forPeriods, to delay this rule.
 */
export const missingReport = (input: {
  dueDate: IsoDate | null
  reported: boolean
  asOf: IsoDate
  graceDays: number
  dataKey: string
}): Evaluation => {
  const { dueDate, reported, asOf, graceDays, dataKey } = input
  assertIsoDate(asOf)
  if (!(Number.isInteger(graceDays) && graceDays >= 0))
    throw new RangeError(`graceDays must be a non-negative integer, got ${graceDays}`)
  if (dueDate === null || reported) return { kind: 'cleared', dataKey }
  assertIsoDate(dueDate)
  const daysLate = daysBetween(dueDate, asOf)
  if (daysLate <= 0) return { kind: 'cleared', dataKey }
  return daysLate > graceDays ? { kind: 'met', dataKey } : { kind: 'between', dataKey }
}

// ── Tasks and milestones (重点任务督办) ────────────────────────────────────────────────────────────────

/** Stages that put a milestone due soon at risk: nothing started, or the department says it is behind. */
const AT_RISK_STAGES: readonly TaskStage[] = ['not-started', 'delayed']

/**
 * A milestone not verified complete (销号) by the end of its date → met: the day after the date fires.
 * Verified complete, on time or late → cleared (the alert ends when a manager approves the claim); a
 * claim still waiting for verification is not a completion. A completion dated after asOf was not yet
 * known then, so re-evaluating a past date gives that date's answer. No band: a date has passed or not.
 */
export const milestoneOverdue = (input: {
  dueDate: IsoDate
  completedOn: IsoDate | null
  asOf: IsoDate
}): Evaluation => {
  const { dueDate, completedOn, asOf } = input
  assertIsoDate(dueDate)
  assertIsoDate(asOf)
  const dataKey = dueDate
  if (completedOn !== null && completedOn <= asOf) return { kind: 'cleared', dataKey }
  return asOf > dueDate ? { kind: 'met', dataKey } : { kind: 'cleared', dataKey }
}

/**
 * A milestone due within `withinDays` (inclusive; due today counts) and not verified complete, whose
 * latest reported stage is 未启动 or 滞后, or that has no report for the latest closed period
 * (`reportMissing`) → met. Anything else clears it: reported as 推进中 or 已完成, verified complete, not
 * yet within the window, or past its date (then 'milestone-overdue' speaks for it).
 */
export const milestoneAtRisk = (
  input: {
    dueDate: IsoDate
    completedOn: IsoDate | null
    latestStage: TaskStage | null
    reportMissing: boolean
    asOf: IsoDate
  },
  withinDays: number,
): Evaluation => {
  const { dueDate, completedOn, latestStage, reportMissing, asOf } = input
  assertIsoDate(dueDate)
  assertIsoDate(asOf)
  if (!(Number.isInteger(withinDays) && withinDays >= 0))
    throw new RangeError(`withinDays must be a non-negative integer, got ${withinDays}`)
  const dataKey = dueDate
  if (completedOn !== null && completedOn <= asOf) return { kind: 'cleared', dataKey }
  const daysLeft = daysBetween(asOf, dueDate)
  if (daysLeft < 0 || daysLeft > withinDays) return { kind: 'cleared', dataKey }
  const stageAtRisk = latestStage === null || AT_RISK_STAGES.includes(latestStage)
  return stageAtRisk || reportMissing ? { kind: 'met', dataKey } : { kind: 'cleared', dataKey }
}

/**
 * The lead department has not reported progress for the last `periods` periods already due (counted
 * newest first, consecutively) → met; the newest due period is reported → cleared; fewer missing than
 * that → between (still firing once fired, not yet alarming before). A task verified complete owes
 * nothing more → cleared. The dataKey is the newest due period, so forPeriods counts new periods.
 */
export const taskReportMissing = (
  input: { consecutiveMissing: number; latestDuePeriod: string | null; completed: boolean },
  periods: number,
): Evaluation => {
  const { consecutiveMissing, latestDuePeriod, completed } = input
  if (!(Number.isInteger(periods) && periods >= 1))
    throw new RangeError(`periods must be a positive integer, got ${periods}`)
  if (!(Number.isInteger(consecutiveMissing) && consecutiveMissing >= 0))
    throw new RangeError(`consecutiveMissing must be a non-negative integer, got ${consecutiveMissing}`)
  const dataKey = latestDuePeriod ?? 'none'
  if (completed || consecutiveMissing === 0) return { kind: 'cleared', dataKey }
  return consecutiveMissing >= periods ? { kind: 'met', dataKey } : { kind: 'between', dataKey }
}
