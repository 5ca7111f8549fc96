import type { IndicatorStatus } from '@cockpit/contracts'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

export const statusOrder: IndicatorStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']

/** The code and every code below it in the tree. */
export function subtreeCodes(roots: ScreenJurisdiction[], code: string | null): Set<string> {
  const out = new Set<string>()
  const add = (n: ScreenJurisdiction) => {
    out.add(n.code)
    n.children.forEach(add)
  }
  const find = (nodes: ScreenJurisdiction[]): ScreenJurisdiction | null => {
    for (const n of nodes) {
      if (n.code === code) return n
      const hit = find(n.children)
      if (hit) return hit
    }
    return null
  }
  if (code === null) roots.forEach(add)
  else {
    const node = find(roots)
    if (node) add(node)
  }
  return out
}

/** Whether a plan or an indicator hangs on the region or anywhere below it (the tree lists every county, most without). */
export const hasPlanBelow = (n: ScreenJurisdiction): boolean =>
  n.indicatorCount > 0 || n.planCount > 0 || n.children.some(hasPlanBelow)

export const findJurisdiction = (roots: ScreenJurisdiction[], code: string): ScreenJurisdiction | null => {
  for (const n of roots) {
    if (n.code === code) return n
    const hit = findJurisdiction(n.children, code)
    if (hit) return hit
  }
  return null
}

export function statusCounts(indicators: ScreenIndicator[]): Record<IndicatorStatus, number> {
  const counts = Object.fromEntries(statusOrder.map((s) => [s, 0])) as Record<IndicatorStatus, number>
  for (const i of indicators) counts[i.status.status]++
  return counts
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v))
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)

/**
 * Progress of a group: mean completion (baseline → target, capped at 100%) of indicators with data, beside
 * the mean 序时进度 (the share of the plan's time gone), so a wall shows at once whether work keeps pace.
 */
export function groupProgress(indicators: ScreenIndicator[]) {
  return {
    completion: mean(indicators.flatMap((i) => (i.status.completion === null ? [] : [clamp01(i.status.completion)]))),
    timeProgress: mean(
      indicators.flatMap((i) => (i.status.timeProgress === null ? [] : [clamp01(i.status.timeProgress)])),
    ),
    counts: statusCounts(indicators),
    total: indicators.length,
  }
}

export interface PillarProgress extends ReturnType<typeof groupProgress> {
  key: string
  name: string
  planTitle: string
}

/** Per plan chapter (pillar); indicators without one are grouped as 其他. Plans keep their own chapters. */
export function pillarProgress(indicators: ScreenIndicator[]): PillarProgress[] {
  const groups = new Map<string, { name: string; planTitle: string; items: ScreenIndicator[] }>()
  for (const i of indicators) {
    const key = `${i.planKey}/${i.pillar?.key ?? 'other'}`
    const g = groups.get(key) ?? { name: i.pillar?.name ?? '其他', planTitle: i.planTitle, items: [] }
    g.items.push(i)
    groups.set(key, g)
  }
  return [...groups.entries()].map(([key, g]) => ({
    key,
    name: g.name,
    planTitle: g.planTitle,
    ...groupProgress(g.items),
  }))
}

/** Indicators furthest behind their path: off-track before at-risk, larger relative gap first. */
export function furthestBehind(indicators: ScreenIndicator[], n: number): ScreenIndicator[] {
  const rank = (i: ScreenIndicator) => (i.status.status === 'off-track' ? 2 : i.status.status === 'at-risk' ? 1 : 0)
  return indicators
    .filter((i) => rank(i) > 0)
    .sort(
      (a, b) => rank(b) - rank(a) || Math.abs(b.status.gapRatio ?? 0) - Math.abs(a.status.gapRatio ?? 0) || a.id - b.id,
    )
    .slice(0, n)
}

export function bindingSummary(indicators: ScreenIndicator[]) {
  const binding = indicators.filter((i) => i.nature === 'binding')
  const onTrack = binding.filter((i) => i.status.status === 'achieved' || i.status.status === 'on-track').length
  return { total: binding.length, onTrack, items: binding }
}

/**
 * What a "binding indicators" panel lists: the binding ones; for plans that do not classify their targets,
 * the indicators with data, lowest completion first, so the panel is never empty for them.
 */
export function watchIndicators(indicators: ScreenIndicator[], n: number): ScreenIndicator[] {
  const binding = indicators.filter((i) => i.nature === 'binding')
  if (binding.length) return binding.slice(0, n)
  return indicators
    .filter((i) => i.status.completion !== null)
    .sort((a, b) => (a.status.completion ?? 0) - (b.status.completion ?? 0) || a.id - b.id)
    .slice(0, n)
}

/** Calendar windows that move on by themselves when the (product) day changes. */
export function calendarWindows(today: string) {
  const [y, m] = today.split('-').map(Number) as [number, number]
  const q = Math.floor((m - 1) / 3) + 1
  return {
    year: y,
    month: m,
    quarter: q,
    monthKey: `${y}-${String(m).padStart(2, '0')}`,
    quarterKey: `${y}-Q${q}`,
    label: `${y}年${m}月`,
    quarterLabel: `${y}年第${'一二三四'[q - 1]}季度`,
  }
}
