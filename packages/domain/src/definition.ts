import type { Comparator, Measure } from '@cockpit/contracts'

/** One problem with an indicator's definition: `path` is the body field ("targets.0.value"), `message` says why. */
export interface DefinitionIssue {
  path: string
  message: string
}

export interface DefinitionTarget {
  /** Where this target sits in the request ("targets.0." or "" for a single-target body). */
  at: string
  year: number
  comparator: Comparator
  value: number
  valueMax: number | null
}

export interface IndicatorDefinition {
  unit: string
  measure: Measure
  baseline: { year: number; value: number } | null
  targets: DefinitionTarget[]
  /** The plan's years, inclusive. */
  horizon: { startYear: number; endYear: number }
}

const measureLabels: Record<Measure, string> = {
  percent: '百分比(percent)',
  count: '计数(count)',
  quantity: '数量(quantity)',
}

/** Why a value cannot be a `measure`'s value, or null: a percent lies in 0–100, a count is an integer ≥ 0, a quantity is ≥ 0. */
export function measureValueProblem(measure: Measure, value: number): string | null {
  if (!Number.isFinite(value)) return '应为有限数字'
  if (measure === 'percent') return value < 0 || value > 100 ? `${measureLabels.percent}指标的数值应在0–100之间` : null
  if (measure === 'count')
    return !Number.isInteger(value) || value < 0 ? `${measureLabels.count}指标的数值应为不小于0的整数` : null
  return value < 0 ? `${measureLabels.quantity}指标的数值应不小于0` : null
}

/**
 * Everything an administrator can get wrong in an indicator's definition that the database would accept:
 * a unit that does not fit the measure, values out of the measure's range, a range target without a larger
 * upper bound, a target year outside the plan, a baseline not before the first target. Empty when fine.
 */
export function definitionIssues(
  d: IndicatorDefinition,
  unitPath = 'unit',
  baselinePath = 'baseline.',
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = []
  const unit = d.unit.trim()
  if (d.measure === 'percent' && unit !== '%')
    issues.push({ path: unitPath, message: `${measureLabels.percent}指标的单位应为 %,现为“${d.unit}”` })
  if (d.measure !== 'percent' && unit === '%')
    issues.push({ path: unitPath, message: `单位为 % 的指标应使用 percent 计量方式,而不是 ${d.measure}` })
  for (const t of d.targets) {
    if (t.year < d.horizon.startYear || t.year > d.horizon.endYear)
      issues.push({
        path: `${t.at}year`,
        message: `目标年份 ${t.year} 不在规划期 ${d.horizon.startYear}–${d.horizon.endYear} 年之内`,
      })
    const v = measureValueProblem(d.measure, t.value)
    if (v) issues.push({ path: `${t.at}value`, message: `目标值${v}` })
    if (t.comparator === 'range') {
      if (t.valueMax === null)
        issues.push({ path: `${t.at}valueMax`, message: '区间目标(range)需要填写目标上限 valueMax' })
      else if (!(t.valueMax > t.value))
        issues.push({ path: `${t.at}valueMax`, message: `区间目标的上限 ${t.valueMax} 应大于下限 ${t.value}` })
      else {
        const m = measureValueProblem(d.measure, t.valueMax)
        if (m) issues.push({ path: `${t.at}valueMax`, message: `目标上限${m}` })
      }
    } else if (t.valueMax !== null)
      issues.push({
        path: `${t.at}valueMax`,
        message: `只有区间目标(range)才有上限,${t.comparator} 目标的 valueMax 应为 null`,
      })
  }
  if (d.baseline) {
    const v = measureValueProblem(d.measure, d.baseline.value)
    if (v) issues.push({ path: `${baselinePath}value`, message: `基期值${v}` })
    const first = Math.min(...d.targets.map((t) => t.year))
    if (d.targets.length && d.baseline.year >= first)
      issues.push({ path: `${baselinePath}year`, message: `基期年份 ${d.baseline.year} 应早于第一个目标年份 ${first}` })
  }
  return issues
}
