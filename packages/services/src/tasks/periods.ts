import type { Cadence } from '@cockpit/contracts'
import { parsePeriod, periodOf, type Period } from '@cockpit/domain'
import { bodyField } from '../kernel/admin-guards.js'

const cadenceLabels: Record<Cadence, string> = { monthly: '按月', quarterly: '按季度', yearly: '按年' }

/**
 * The period a progress report is for: the one named (of the task's cadence), else the current one at
 * asOf. Refused: a period of another cadence, one not yet begun, one before the plan's first year, and
 * one after the plan's horizon once the task is verified complete (an unfinished task keeps reporting
 * after its plan ends: that is exactly when 督办 needs its progress).
 */
export function resolveTaskPeriod(
  named: string | undefined,
  task: { cadence: Cadence; startYear: number; endYear: number; completedOn: string | null },
  asOf: string,
): Period {
  const current = periodOf(task.cadence, asOf)
  const period = named === undefined ? current : parsePeriod(named)
  if (period === null || period.cadence !== task.cadence)
    throw bodyField(
      'period',
      `该任务${cadenceLabels[task.cadence]}报送进展,报告期应写作 ${current.key} 这样的形式,收到 ${named}`,
    )
  if (period.start > asOf) throw bodyField('period', `报告期 ${period.key} 尚未开始,不能报送未来的进展(今天是 ${asOf})`)
  if (period.end < `${task.startYear}-01-01`)
    throw bodyField('period', `报告期 ${period.key} 早于规划期(${task.startYear}–${task.endYear} 年)`)
  if (period.start > `${task.endYear}-12-31` && task.completedOn !== null)
    throw bodyField(
      'period',
      `报告期 ${period.key} 在规划期(${task.startYear}–${task.endYear} 年)之后,且该任务已于 ${task.completedOn} 销号,无需再报送进展`,
    )
  return period
}
