import type { SubmitItem } from '@cockpit/contracts'
import { addDays, type IsoDate } from '@cockpit/domain'
import { type Catalog, reporterOf } from './catalog.js'
import { endedPeriods } from './due-periods.js'
import { toMeasure, wireValue } from './measure.js'
import { unitHash } from './random.js'
import { pathModel } from './path-model.js'
import { profileFor } from './profiles.js'
import { reportDelayDays, type Habit } from './schedule.js'
import { periodValue } from './values.js'

/** One value the simulator owes: `key` identifies it across ticks ("<indicator id>|<period key>"). */
export interface DueItem {
  key: string
  item: SubmitItem
}

export const itemKey = (indicatorId: number, periodKey: string, jurisdictionCode?: string): string =>
  jurisdictionCode === undefined ? `${indicatorId}|${periodKey}` : `${indicatorId}|${periodKey}|${jurisdictionCode}`

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
    // A derived roll-up is reported by every direct child (all in the same batches), never by itself.
    const children = ind.rollup?.ownValue === 'derived' ? (catalog.children?.get(ind.jurisdictionCode) ?? []) : []
    const settledAll = (key: string) =>
      children.length ? children.every((c) => settled.has(itemKey(ind.id, key, c))) : settled.has(itemKey(ind.id, key))
    const periods = endedPeriods(ind.cadence, horizon, today).filter((p) => {
      if (settledAll(p.key)) return false
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
      if (children.length === 0) {
        list.push({
          key: itemKey(ind.id, p.key),
          item: { indicator: ind.id, period: p.key, value: wireValue(value, ind.measure), note: SIMULATED_NOTE },
        })
        continue
      }
      const shares = childValues(seed, ind.id, ind.rollup!.rule, children, value)
      for (const [i, code] of children.entries()) {
        if (settled.has(itemKey(ind.id, p.key, code))) continue
        const v = toMeasure(shares[i]!, ind.measure)
        list.push({
          key: itemKey(ind.id, p.key, code),
          item: {
            indicator: ind.id,
            jurisdiction: code,
            period: p.key,
            value: wireValue(v, ind.measure),
            note: SIMULATED_NOTE,
          },
        })
      }
    }
    out.set(reporter, list)
  }
  return out
}

/**
 * Plausible values of the children around the parent's path value: a sum is split by stable per-child
 * shares (so the children add up to about the path), any other rule spreads the children ±8% around it
 * (each child keeps its place in the spread from period to period).
 */
export function childValues(
  seed: number,
  indicatorId: number,
  rule: string,
  children: string[],
  parentValue: number,
): number[] {
  const weights = children.map((c) => 0.5 + unitHash(seed, 'child', indicatorId, c))
  if (rule === 'sum') {
    const total = weights.reduce((a, b) => a + b, 0)
    return weights.map((w) => (parentValue * w) / total)
  }
  return weights.map((w) => parentValue * (1 + 0.16 * (w - 1)))
}
