import { assertIsoDate, daysBetween, type IsoDate } from './dates.js'
import { usableObservations, type Observation } from './observation.js'

/**
 * Straight-line trend (ordinary least squares, x in days) through the last `lastN` reporting dates,
 * evaluated at date. Only recent periods count, because a plan's pace changes over its years.
 * Two reports for one period are one point (the one given later wins), so a correction does not
 * double-weight its period. Null when fewer than two distinct dates are left: no trend to extend.
 */
export const forecastAt = (observations: Observation[], date: IsoDate, lastN = 6): number | null => {
  assertIsoDate(date)
  const byDate = new Map<IsoDate, number>()
  for (const o of usableObservations(observations)) byDate.set(o.periodEnd, o.value)
  const n = Math.max(0, Math.floor(lastN))
  const points = [...byDate].slice(Math.max(0, byDate.size - n))
  const origin = points[0]?.[0]
  if (origin === undefined || points.length < 2) return null

  // x measured from the first point keeps the sums small, so the slope does not lose digits.
  const xs = points.map(([d]) => daysBetween(origin, d))
  const ys = points.map(([, v]) => v)
  const meanX = xs.reduce((s, x) => s + x, 0) / xs.length
  const meanY = ys.reduce((s, y) => s + y, 0) / ys.length
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - meanX
    sxx += dx * dx
    sxy += dx * ((ys[i] ?? 0) - meanY)
  }
  if (sxx === 0) return null
  return meanY + (sxy / sxx) * (daysBetween(origin, date) - meanX)
}
