import type { CatalogIndicator } from './catalog.js'

/** A small deterministic hash: the same series and month give the same value in every run and process. */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5
  for (const p of parts) {
    h ^= p
    h = Math.imul(h, 0x01000193) >>> 0
    h ^= h >>> 13
    h = Math.imul(h, 0x5bd1e995) >>> 0
  }
  return (h ^ (h >>> 15)) >>> 0
}
const unit = (...parts: number[]) => hash32(...parts) / 0x1_0000_0000

/** Months from 2021-01 (the plan's first month) to the given one; negative before. */
const monthIndex = (year: number, month: number) => (year - 2021) * 12 + (month - 1)

/**
 * The value of a series in a month: from the 2020 baseline along the way to the 2025 target at the pace this
 * series keeps (70–120% of what the plan asks, so some are ahead, most on track, some slipping), plus a little
 * monthly noise. Percent values stay within 0–100.
 */
export function seriesValue(ind: CatalogIndicator, series: number, year: number, month: number): number {
  const pace = 0.7 + 0.5 * unit(series, 1)
  const t = (monthIndex(year, month) + 1) / 60
  const noise = (unit(series, year, month) - 0.5) * 0.02 * Math.abs(ind.target - ind.baseline || ind.baseline)
  let v = ind.baseline + (ind.target - ind.baseline) * pace * t + noise
  if (ind.measure === 'percent') v = Math.min(100, Math.max(0, v))
  return Math.round(v * 100) / 100
}

/** About 1% of series-months get a second, corrected revision a few days later. */
export const hasCorrection = (series: number, year: number, month: number) => unit(series, year, month, 7) < 0.01

/**
 * Days after the period's end the department reported: mostly in the first week of the month after, about 3%
 * after the 10th (late against the monthly due date).
 */
export function reportDelayDays(series: number, year: number, month: number): number {
  const u = unit(series, year, month, 3)
  return u < 0.03 ? 11 + Math.floor(u * 300) : 1 + Math.floor(u * 8)
}
