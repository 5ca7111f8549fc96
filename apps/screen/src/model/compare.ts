import type { ScreenIndicator } from './types.js'

/**
 * Indicators that several plans set under different wordings. Grouped by what they measure, not by exact
 * name: 南昌's 非涉密政务系统上云率 and 江苏's 非涉密系统整合上云率 are the same question asked twice.
 */
export const comparisonTopics = [
  { key: 'cloud', name: '政务系统上云率', match: /上云/ },
  { key: 'sharing', name: '公共数据按需共享率', match: /按需共享/ },
  { key: 'private-network', name: '业务专网整合率', match: /专网整合/ },
  { key: 'core-business', name: '核心业务数字化覆盖率', match: /核心业务数字化/ },
  { key: 'online', name: '政务服务全程网办率', match: /一网通办”?率|全程网办率/ },
  { key: 'open-data', name: '公共数据开放率', match: /公共数据开放/ },
] as const

export interface ComparisonGroup {
  key: string
  name: string
  items: ScreenIndicator[]
}

export function comparisonGroups(indicators: ScreenIndicator[]): ComparisonGroup[] {
  return comparisonTopics
    .map((t) => ({ key: t.key, name: t.name, items: indicators.filter((i) => t.match.test(i.name) && i.unit === '%') }))
    .filter((g) => new Set(g.items.map((i) => i.jurisdictionCode)).size >= 2)
}
