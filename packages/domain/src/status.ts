import type { IndicatorStatus } from '@cockpit/contracts'
import { assertIsoDate, type IsoDate } from './dates.js'
import { forecastAt } from './forecast.js'
import { newestAtOrBefore, usableObservations, type Observation } from './observation.js'
import { completion, expectedValue, startPoint, timeProgress } from './path.js'
import {
  activeTarget,
  finalTarget,
  meetsTarget,
  sortedTargets,
  targetAnchor,
  type IndicatorSpec,
  type TargetPoint,
} from './target.js'

/** How far behind the path still counts as on track / at risk, as fractions of the path's span. */
export interface Tolerances {
  onTrack: number
  atRisk: number
}

export const defaultTolerances: Tolerances = { onTrack: 0.05, atRisk: 0.15 }

export interface StatusResult {
  status: IndicatorStatus
  /** Newest observation with periodEnd <= asOf. */
  latest: Observation | null
  /** Expected value at latest.periodEnd. */
  expected: number | null
  /** latest − expected, signed so that positive means ahead of the path. */
  gap: number | null
  /** gap / span, span = |finalAnchor − startValue| (max(|finalAnchor|, 1) when that is 0). */
  gapRatio: number | null
  /** At asOf. */
  timeProgress: number | null
  completion: number | null
  /** Trend value at the final due date. */
  forecast: number | null
  forecastMeets: boolean | null
  /** activeTarget at asOf. */
  target: TargetPoint
  baselineSource: 'plan' | 'first-observation' | 'none'
  /** Short Simplified-Chinese explanation for users. */
  reason: string
}

// Sums of decimal fractions leave residues like 1e-15; a value exactly on the path must read as on it.
const snap = (x: number): number => (Math.abs(x) < 1e-9 ? 0 : x)

/** Percent of the span to one decimal, without a trailing ".0". */
const percentText = (ratio: number): string => `${Number((Math.abs(ratio) * 100).toFixed(1))}%`

const paceReason = (gapRatio: number): string => {
  if (percentText(gapRatio) === '0%') return '符合序时进度'
  return gapRatio > 0 ? `高于序时进度${percentText(gapRatio)}` : `低于序时进度${percentText(gapRatio)}`
}

/**
 * Where an indicator stands at asOf. Only what was known at asOf counts: observations dated after it
 * are ignored, including for the start point and the forecast, so re-evaluating a past date gives
 * the answer that was right on that date.
 */
export const evaluateStatus = (
  spec: IndicatorSpec,
  observations: Observation[],
  asOf: IsoDate,
  tol: Tolerances = defaultTolerances,
): StatusResult => {
  assertIsoDate(asOf)
  const known = usableObservations(observations, asOf)
  const latest = known[known.length - 1] ?? null
  const first = known[0] ?? null
  const final = finalTarget(spec)
  const target = activeTarget(spec, asOf)
  const start = spec.baseline ? null : first
  const forecast = forecastAt(known, final.dueDate)
  const forecastMeets = forecast === null ? null : meetsTarget(final, forecast, spec.direction)
  const progress = timeProgress(spec, asOf, start)

  if (latest === null) {
    return {
      status: 'no-data',
      latest: null,
      expected: null,
      gap: null,
      gapRatio: null,
      timeProgress: progress,
      completion: null,
      forecast,
      forecastMeets,
      target,
      baselineSource: spec.baseline ? 'plan' : 'none',
      reason: '暂无数据',
    }
  }

  // latest exists, so there is always a start point here: the baseline or the first observation.
  const origin = startPoint(spec, start)
  const startValue = origin?.value ?? latest.value
  const expected = expectedValue(spec, latest.periodEnd, start) ?? startValue
  const sign = spec.direction === 'higher' ? 1 : -1
  const gap = snap(sign * (latest.value - expected))
  const finalAnchor = targetAnchor(final, spec.direction)
  const rawSpan = Math.abs(finalAnchor - startValue)
  // A start already at the target leaves no span; scale by the target's size so the ratio stays meaningful.
  const span = rawSpan === 0 ? Math.max(Math.abs(finalAnchor), 1) : rawSpan
  const gapRatio = snap(gap / span)

  const result = (status: IndicatorStatus, reason: string): StatusResult => ({
    status,
    latest,
    expected,
    gap,
    gapRatio,
    timeProgress: progress,
    completion: completion(spec, latest.value, start),
    forecast,
    forecastMeets,
    target,
    baselineSource: spec.baseline ? 'plan' : 'first-observation',
    reason,
  })

  if (meetsTarget(final, latest.value, spec.direction)) return result('achieved', '已达到最终目标')

  // A deadline that has passed is judged on what was reported by then; a later catch-up on an
  // intermediate target does not undo the miss, but a met one does not excuse later targets either.
  const missed = sortedTargets(spec).some((t) => {
    if (t.dueDate >= asOf) return false
    const byDue = newestAtOrBefore(known, t.dueDate)
    return byDue === null || !meetsTarget(t, byDue.value, spec.direction)
  })
  if (missed) return result('off-track', '目标期限已过未达标')

  if (gapRatio >= -tol.onTrack) return result('on-track', paceReason(gapRatio))
  if (gapRatio >= -tol.atRisk) return result('at-risk', paceReason(gapRatio))
  return result('off-track', paceReason(gapRatio))
}
