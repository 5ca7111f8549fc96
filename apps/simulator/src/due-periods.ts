import type { Cadence } from '@cockpit/contracts'
import { periodsBetween, yearEnd, type IsoDate, type Period } from '@cockpit/domain'
import type { Horizon } from './catalog.js'

/**
 * The periods of the cadence that have ended by today (their last day is on or before it, dates in
 * Asia/Shanghai) and lie in the plan's horizon, oldest first. Only these can be reported: the API
 * refuses periods outside the horizon, and a value for an unfinished period is not a period's value.
 */
export function endedPeriods(cadence: Cadence, horizon: Horizon, today: IsoDate): Period[] {
  if (horizon.endYear < horizon.startYear) return []
  const from = `${String(horizon.startYear).padStart(4, '0')}-01-01`
  const last = yearEnd(horizon.endYear)
  const to = today < last ? today : last
  return periodsBetween(cadence, from, to).filter((p) => p.end <= today)
}
