import type { Direction, IndicatorNature, Measure } from '@cockpit/contracts'

/** One indicator every jurisdiction's plan carries (a 十四五 plan's usual table), with its 2020 baseline and 2025 target. */
export interface CatalogIndicator {
  key: string
  name: string
  unit: string
  measure: Measure
  direction: Direction
  nature: IndicatorNature
  baseline: number
  target: number
}

const BASE: Omit<CatalogIndicator, 'key' | 'name'>[] = []
const NAMES: string[] = []
const add = (name: string, unit: string, measure: Measure, direction: Direction, baseline: number, target: number) => {
  NAMES.push(name)
  BASE.push({ unit, measure, direction, nature: 'expected', baseline, target })
}
add('常住人口城镇化率', '%', 'percent', 'higher', 55, 62)
add('研究与试验发展经费投入强度', '%', 'percent', 'higher', 2.1, 2.8)
add('数字经济核心产业增加值占比', '%', 'percent', 'higher', 7.5, 10)
add('高技术制造业增加值占比', '%', 'percent', 'higher', 15, 20)
add('城镇调查失业率', '%', 'percent', 'lower', 5.5, 5.0)
add('居民人均可支配收入', '元', 'quantity', 'higher', 32000, 43000)
add('单位地区生产总值能耗降低', '%', 'percent', 'higher', 0, 13.5)
add('地级及以上城市空气质量优良天数比率', '%', 'percent', 'higher', 82, 87)
add('地表水达到或好于Ⅲ类水体比例', '%', 'percent', 'higher', 78, 85)
add('森林覆盖率', '%', 'percent', 'higher', 23, 24.1)
add('每千人口拥有执业(助理)医师数', '人', 'quantity', 'higher', 2.9, 3.2)
add('基本养老保险参保率', '%', 'percent', 'higher', 91, 95)
add('劳动年龄人口平均受教育年限', '年', 'quantity', 'higher', 10.8, 11.3)
add('每千人口拥有3岁以下婴幼儿托位数', '个', 'quantity', 'higher', 1.8, 4.5)
add('粮食综合生产能力', '万吨', 'quantity', 'higher', 300, 320)
add('一般公共预算收入', '亿元', 'quantity', 'higher', 80, 110)
const VARIANTS = ['', '(城区)', '(县域)']

/**
 * 48 indicators: the 16 above at three scopes. Every fourth one is 约束性 (binding), so the alert rules that
 * only look at binding indicators have something to judge.
 */
export const CATALOG: CatalogIndicator[] = VARIANTS.flatMap((suffix, v) =>
  BASE.map((b, n) => {
    const i = v * BASE.length + n
    return {
      ...b,
      key: `s${String(i + 1).padStart(2, '0')}`,
      name: `${NAMES[n]}${suffix}`,
      nature: i % 4 === 0 ? ('binding' as const) : b.nature,
    }
  }),
)
