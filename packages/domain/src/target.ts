import type { Comparator, Direction, Measure } from '@cockpit/contracts'
import type { IsoDate } from './dates.js'

/** One dated target of an indicator: "2025年达到80%" is { dueDate: '2025-12-31', comparator: 'gte', value: 80 }. */
export interface TargetPoint {
  dueDate: IsoDate
  comparator: Comparator
  value: number
  /** Upper bound of a range target ("1-2个"); ignored by the other comparators. */
  valueMax?: number | null
}

export interface IndicatorSpec {
  direction: Direction
  measure: Measure
  /** A baseline year Y is passed as date `${Y}-12-31`. */
  baseline: { date: IsoDate; value: number } | null
  /** Any order; at least one. */
  targets: TargetPoint[]
}

// Reported values are often computed (ratios, sums of shares), so 79.99999999999999 must count as 80.
const RELATIVE_EPSILON = 1e-9

const within = (value: number, target: number): boolean =>
  Math.abs(value - target) <= RELATIVE_EPSILON * Math.max(1, Math.abs(target))

/** A range missing its upper bound is read as the single value, and a reversed one as written the right way round. */
const rangeBounds = (target: TargetPoint): { min: number; max: number } => {
  const other = target.valueMax ?? target.value
  return { min: Math.min(target.value, other), max: Math.max(target.value, other) }
}

/**
 * Boundaries are inclusive, and the same relative tolerance as `eq` applies to them, so a value
 * that is on the target up to float noise meets it.
 */
export const meetsTarget = (target: TargetPoint, value: number, direction: Direction): boolean => {
  if (!Number.isFinite(value)) return false
  switch (target.comparator) {
    case 'gte':
      return value >= target.value || within(value, target.value)
    case 'lte':
      return value <= target.value || within(value, target.value)
    case 'eq':
      return within(value, target.value)
    case 'range': {
      // Over-fulfilling "1-2个" with 3 is not a failure when more is better, so only the bad side bounds it.
      const { min, max } = rangeBounds(target)
      return direction === 'higher' ? value >= min || within(value, min) : value <= max || within(value, max)
    }
  }
}

/** The value a path heads for: the bound of a range that has to be reached, which is the nearer one. */
export const targetAnchor = (target: TargetPoint, direction: Direction): number => {
  if (target.comparator !== 'range') return target.value
  const { min, max } = rangeBounds(target)
  return direction === 'higher' ? min : max
}

/** By dueDate; the sort is stable, so targets sharing a date keep the caller's order. */
export const sortedTargets = (spec: Pick<IndicatorSpec, 'targets'>): TargetPoint[] =>
  [...spec.targets].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))

export const finalTarget = (spec: Pick<IndicatorSpec, 'targets'>): TargetPoint => {
  const sorted = sortedTargets(spec)
  const last = sorted[sorted.length - 1]
  if (last === undefined) throw new RangeError('an indicator needs at least one target')
  return last
}

/** The target the indicator is working towards now: the next one due, or the last once all are past. */
export const activeTarget = (spec: Pick<IndicatorSpec, 'targets'>, asOf: IsoDate): TargetPoint =>
  sortedTargets(spec).find((t) => t.dueDate >= asOf) ?? finalTarget(spec)
