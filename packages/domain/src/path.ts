import { assertIsoDate, daysBetween, type IsoDate } from './dates.js'
import type { Observation } from './observation.js'
import { finalTarget, sortedTargets, targetAnchor, type IndicatorSpec } from './target.js'

export interface PathPoint {
  date: IsoDate
  value: number
}

/** Where the path starts: the plan's baseline, else the first observation the caller passes, else nowhere. */
export const startPoint = (spec: IndicatorSpec, start?: Observation | null): PathPoint | null => {
  if (spec.baseline) return { date: spec.baseline.date, value: spec.baseline.value }
  if (start) return { date: start.periodEnd, value: start.value }
  return null
}

/**
 * 序时进度: straight segments from the start point through each target's anchor at its due date.
 * A target due on or before the start cannot be approached from it, so it is not on the path.
 */
export const pathPoints = (spec: IndicatorSpec, start?: Observation | null): PathPoint[] => {
  const origin = startPoint(spec, start)
  const targets = sortedTargets(spec)
    .filter((t) => origin === null || t.dueDate > origin.date)
    .map((t) => ({ date: t.dueDate, value: targetAnchor(t, spec.direction) }))
  return origin === null ? targets : [origin, ...targets]
}

/**
 * a + (b − a)·t is monotone in t under rounding (unlike a(1−t) + bt), but can overshoot b by an ulp;
 * clamping to the segment and returning b exactly at its date keeps the path both monotone and exact.
 */
const interpolate = (a: PathPoint, b: PathPoint, date: IsoDate): number => {
  if (date === b.date) return b.value
  const t = daysBetween(a.date, date) / daysBetween(a.date, b.date)
  const v = a.value + (b.value - a.value) * t
  return Math.min(Math.max(v, Math.min(a.value, b.value)), Math.max(a.value, b.value))
}

/** Where the indicator should be on date according to the plan; null without a start point. */
export const expectedValue = (spec: IndicatorSpec, date: IsoDate, start?: Observation | null): number | null => {
  assertIsoDate(date)
  const points = pathPoints(spec, start)
  const origin = startPoint(spec, start)
  const first = points[0]
  if (origin === null || first === undefined) return null
  if (date <= first.date) return first.value
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]
    const b = points[i]
    if (a !== undefined && b !== undefined && date <= b.date) return interpolate(a, b, date)
  }
  // Past the last due date (or every target was due before the start) the plan expects the final target reached.
  return targetAnchor(finalTarget(spec), spec.direction)
}

/** Share of the plan's time used up at date, from the start point to the final due date. */
export const timeProgress = (spec: IndicatorSpec, date: IsoDate, start?: Observation | null): number | null => {
  const origin = startPoint(spec, start)
  if (origin === null) return null
  const total = daysBetween(origin.date, finalTarget(spec).dueDate)
  const elapsed = daysBetween(origin.date, date)
  // A final due date on or before the start leaves no time to spread: all of it is used up once the start is reached.
  if (total <= 0) return elapsed < 0 ? 0 : 1
  return Math.min(1, Math.max(0, elapsed / total))
}

/** Share of the distance from the start value to the final anchor covered by value; not clamped, so overshoot shows. */
export const completion = (spec: IndicatorSpec, value: number, start?: Observation | null): number | null => {
  const origin = startPoint(spec, start)
  if (origin === null) return null
  const span = targetAnchor(finalTarget(spec), spec.direction) - origin.value
  if (span === 0) return null
  return (value - origin.value) / span
}
