import type { SubmitItem } from '@cockpit/contracts'
import { addDays, type IsoDate } from '@cockpit/domain'
import { type Catalog, reporterOf } from './catalog.js'
import { endedPeriods } from './due-periods.js'
import { wireValue } from './measure.js'
import { pathModel } from './path-model.js'
import { profileFor } from './profiles.js'
import { reportDelayDays, type Habit } from './schedule.js'
import { periodValue } from './values.js'

/** One value the simulator owes: `key` identifies it across ticks ("<indicator id>|<period key>"). */
export interface DueItem {
  key: string
  item: SubmitItem
}

export const itemKey = (indicatorId: number, periodKey: string): string => `${indicatorId}|${periodKey}`

// Marks the value as generated, so nobody mistakes demo data for a department's real report.
export const SIMULATED_NOTE = '演示数据(模拟器生成)'

export interface DueInput {
  catalog: Catalog
  /** Reporting habit of every department the simulator holds a token for. */
  habits: ReadonlyMap<number, Habit>
  today: IsoDate
  seed: number
  /** Values already accepted (or given up on), by itemKey. */
  settled: ReadonlySet<string>
  /** Leave out values reported before this day: they are history, imported instead. */
  reportedFrom?: IsoDate
}

/**
 * Every value due by today and not yet settled, grouped by the department that reports it, in a
 * stable order (indicator, then period) so an unchanged backlog always makes the same request.
 */
export function dueItems({ catalog, habits, today, seed, settled, reportedFrom }: DueInput): Map<number, DueItem[]> {
  const withToken = new Set(habits.keys())
  const out = new Map<number, DueItem[]>()
  const indicators = [...catalog.indicators].sort((a, b) => a.id - b.id)
  for (const ind of indicators) {
    const reporter = reporterOf(ind, withToken)
    const horizon = catalog.horizons.get(ind.planKey)
    if (reporter === null || horizon === undefined) continue
    const habit = habits.get(reporter) ?? 'prompt'
    const periods = endedPeriods(ind.cadence, horizon, today).filter((p) => {
      if (settled.has(itemKey(ind.id, p.key))) return false
      const delay = reportDelayDays(seed, reporter, habit, p.key)
      if (delay === null) return false
      const reportOn = addDays(p.end, delay)
      return reportOn <= today && (reportedFrom === undefined || reportOn >= reportedFrom)
    })
    if (periods.length === 0) continue
    const model = pathModel(ind, horizon, seed)
    if (model === null) continue
    const profile = profileFor(seed, ind.id)
    const list = out.get(reporter) ?? []
    for (const p of periods) {
      const value = periodValue(model, profile, seed, ind.id, p)
      list.push({ key: itemKey(ind.id, p.key), item: { indicator: ind.id, period: p.key, value: wireValue(value, ind.measure), note: SIMULATED_NOTE } })
    }
    out.set(reporter, list)
  }
  return out
}
