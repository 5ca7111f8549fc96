// Indicator specs the domain tests share, declared once so every test reasons about the same numbers.
import type { IndicatorSpec } from './target.js'

/** 非涉密政务系统上云率 2022年30% → 2025年达到80%. */
export const cloud: IndicatorSpec = {
  direction: 'higher',
  measure: 'percent',
  baseline: { date: '2022-12-31', value: 30 },
  targets: [{ dueDate: '2025-12-31', comparator: 'gte', value: 80 }],
}
