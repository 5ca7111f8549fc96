import type { IndicatorStatus } from '@cockpit/contracts'
import type { HierarchyNode } from './charts.js'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

const severity: Record<IndicatorStatus, number> = { 'off-track': 4, 'at-risk': 3, 'on-track': 2, achieved: 1, 'no-data': 0 }

/** The worst status among indicators: a region is as healthy as its weakest target. */
export function worstStatus(items: ScreenIndicator[]): IndicatorStatus {
  let worst: IndicatorStatus = 'no-data'
  for (const i of items) if (severity[i.status.status] > severity[worst]) worst = i.status.status
  return worst
}

/** The jurisdiction tree with each node's indicator count and worst status over its whole subtree. */
export function buildHierarchy(nodes: ScreenJurisdiction[], indicators: ScreenIndicator[], root: ScreenJurisdiction | null): HierarchyNode {
  const byCode = new Map<string, ScreenIndicator[]>()
  for (const i of indicators) byCode.set(i.jurisdictionCode, [...(byCode.get(i.jurisdictionCode) ?? []), i])
  const build = (n: ScreenJurisdiction): { node: HierarchyNode; items: ScreenIndicator[] } => {
    const kids = n.children.map(build)
    const items = [...(byCode.get(n.code) ?? []), ...kids.flatMap((k) => k.items)]
    return { node: { name: n.name, code: n.code, value: items.length, status: worstStatus(items), children: kids.map((k) => k.node) }, items }
  }
  if (root) return build(root).node
  const kids = nodes.map(build)
  const items = kids.flatMap((k) => k.items)
  return { name: '全部地区', code: '', value: items.length, status: worstStatus(items), children: kids.map((k) => k.node) }
}
