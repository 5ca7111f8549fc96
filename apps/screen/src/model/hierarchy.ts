import type { IndicatorStatus } from '@cockpit/contracts'
import type { HierarchyNode } from './charts.js'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

const severity: Record<IndicatorStatus, number> = {
  'off-track': 4,
  'at-risk': 3,
  'on-track': 2,
  achieved: 1,
  'no-data': 0,
}

/** The worst status among indicators: a region is as healthy as its weakest target. */
export function worstStatus(items: { status: { status: IndicatorStatus } }[]): IndicatorStatus {
  let worst: IndicatorStatus = 'no-data'
  for (const i of items) if (severity[i.status.status] > severity[worst]) worst = i.status.status
  return worst
}

/**
 * The jurisdiction tree with each node's indicator count and worst status over its whole subtree. Only regions
 * with a plan or an indicator somewhere below them are drawn: the tree holds every city and county of a
 * province (hundreds), which a tree chart cannot show at wall size; the map page shows them all.
 */
export function buildHierarchy(
  nodes: ScreenJurisdiction[],
  indicators: ScreenIndicator[],
  root: ScreenJurisdiction | null,
): HierarchyNode {
  const byCode = new Map<string, ScreenIndicator[]>()
  for (const i of indicators) byCode.set(i.jurisdictionCode, [...(byCode.get(i.jurisdictionCode) ?? []), i])
  const build = (n: ScreenJurisdiction): { node: HierarchyNode; items: ScreenIndicator[]; used: boolean } => {
    const kids = n.children.map(build).filter((k) => k.used)
    const items = [...(byCode.get(n.code) ?? []), ...kids.flatMap((k) => k.items)]
    const used = items.length > 0 || n.planCount > 0 || n.indicatorCount > 0 || kids.length > 0
    return {
      node: {
        name: n.name,
        code: n.code,
        value: items.length,
        status: worstStatus(items),
        children: kids.map((k) => k.node),
      },
      items,
      used,
    }
  }
  if (root) return build(root).node
  const kids = nodes.map(build).filter((k) => k.used)
  const items = kids.flatMap((k) => k.items)
  return {
    name: '全部地区',
    code: '',
    value: items.length,
    status: worstStatus(items),
    children: kids.map((k) => k.node),
  }
}
