import type { IsoDate } from './dates.js'

/** A reported value for the period ending on periodEnd. */
export interface Observation {
  periodEnd: IsoDate
  value: number
}

/**
 * Observations usable at asOf, oldest first. A non-finite value is a failed import, not a measurement,
 * so it is left out rather than allowed to turn every figure into NaN. The sort is stable, so for two
 * reports of the same period the one given later (a correction) comes later and wins as "newest".
 */
export const usableObservations = <T extends Observation>(observations: readonly T[], asOf?: IsoDate): T[] =>
  observations
    .filter((o) => Number.isFinite(o.value) && (asOf === undefined || o.periodEnd <= asOf))
    .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))

/** The newest of oldest-first observations with periodEnd on or before date. */
export const newestAtOrBefore = <T extends Observation>(sorted: readonly T[], date: IsoDate): T | null => {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const o = sorted[i]
    if (o !== undefined && o.periodEnd <= date) return o
  }
  return null
}
