import type { Direction, Measure } from '@cockpit/contracts'
import {
  daysBetween,
  finalTarget,
  periodOf,
  targetAnchor,
  yearEnd,
  type IndicatorSpec,
  type IsoDate,
} from '@cockpit/domain'
import type { Horizon, SimIndicator } from './catalog.js'
import { between, unitHash } from './random.js'

/** The plan's path for one indicator, always with a start point, plus what profiles are measured in. */
export interface PathModel {
  /** Built from the API's baseline and targets; a missing baseline is replaced by a plausible one. */
  spec: IndicatorSpec
  measure: Measure
  direction: Direction
  /** |final anchor − start value|, as the status calculation scales gaps (never 0). */
  span: number
  /** Profile offsets grow from nothing here to their full size rampDays later. */
  rampStart: IsoDate
  rampDays: number
}

// Offsets develop over the first 40% of the path: nobody is far off the plan in its first weeks.
const RAMP_SHARE = 0.4

/**
 * Where an indicator without a plan baseline plausibly starts: 40–60% of the way up to a
 * higher-is-better target; for lower-is-better, 1.6–2.4 times the target, or a measure-typical
 * number when the target is zero ("保留证明事项为0").
 */
export function plausibleStart(
  seed: number,
  indicatorId: number,
  anchor: number,
  direction: Direction,
  measure: Measure,
): number {
  const u = unitHash(seed, 'start', indicatorId)
  if (direction === 'higher') return anchor * between(u, 0.4, 0.6)
  if (anchor > 0) {
    const v = anchor * between(u, 1.6, 2.4)
    return measure === 'percent' ? Math.min(100, v) : v
  }
  return measure === 'percent' ? between(u, 20, 40) : measure === 'count' ? between(u, 5, 20) : between(u, 10, 30)
}

/** Null when the indicator has no target, so there is no path to follow. */
export function pathModel(indicator: SimIndicator, horizon: Horizon, seed: number): PathModel | null {
  if (indicator.targets.length === 0) return null
  const targets = indicator.targets.map((t) => ({
    dueDate: t.dueDate,
    comparator: t.comparator,
    value: t.value,
    valueMax: t.valueMax,
  }))
  const final = finalTarget({ targets })
  const anchor = targetAnchor(final, indicator.direction)
  const baseline = indicator.baseline
    ? { date: yearEnd(indicator.baseline.year), value: indicator.baseline.value }
    : {
        date: yearEnd(horizon.startYear - 1),
        value: plausibleStart(seed, indicator.id, anchor, indicator.direction, indicator.measure),
      }
  const spec: IndicatorSpec = { direction: indicator.direction, measure: indicator.measure, baseline, targets }
  const rawSpan = Math.abs(anchor - baseline.value)
  // Without a plan baseline the API starts the path at the first reported value, so offsets start
  // there too; the first report is then on the path and later gaps read as the profile intends.
  const rampStart = indicator.baseline
    ? baseline.date
    : periodOf(indicator.cadence, `${String(horizon.startYear).padStart(4, '0')}-01-01`).end
  return {
    spec,
    measure: indicator.measure,
    direction: indicator.direction,
    span: rawSpan === 0 ? Math.max(Math.abs(anchor), 1) : rawSpan,
    rampStart,
    rampDays: Math.max(1, Math.round(RAMP_SHARE * daysBetween(rampStart, final.dueDate))),
  }
}
