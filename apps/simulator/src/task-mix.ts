import type { Cadence, Task, TaskKind, TaskSummary } from '@cockpit/contracts'

/** What a 重点任务督办 wall shows for a place, in the figures the demo is judged by. */
export interface TaskMix {
  jurisdiction: string
  asOf: string
  total: number
  /** Verified complete: on time (按期完成) and late (逾期完成). */
  completed: number
  onTime: number
  doneLate: number
  overdue: number
  /** At risk while still open: 临期, 无进展, and those reporting 滞后 (overdue ones included). */
  atRisk: { dueSoon: number; stalled: number; delayed: number }
  suspended: number
  notDue: number
  pendingVerifications: number
}

/** The mix from the summary the wall reads and the task list (which holds each item's latest stage). */
export function taskMix(summary: TaskSummary, tasks: readonly Task[]): TaskMix {
  const s = summary.overall.byState
  return {
    jurisdiction: summary.jurisdiction ?? '全部',
    asOf: summary.asOf,
    total: summary.overall.total,
    completed: summary.overall.completed,
    onTime: summary.overall.onTime,
    doneLate: s['done-late'],
    overdue: summary.overall.overdue,
    atRisk: {
      dueSoon: s['due-soon'],
      stalled: s.stalled,
      delayed: tasks.filter((t) => t.completedOn === null && t.latestProgress?.stage === 'delayed').length,
    },
    suspended: s.suspended,
    notDue: s['not-due'],
    pendingVerifications: summary.pendingVerificationCount,
  }
}

export const atRiskCount = (m: TaskMix): number => m.atRisk.dueSoon + m.atRisk.stalled + m.atRisk.delayed

export function formatMix(m: TaskMix): string {
  return (
    `${m.jurisdiction} @ ${m.asOf}: ${m.total} items — completed ${m.completed} (on time ${m.onTime}, late ${m.doneLate}), ` +
    `overdue ${m.overdue}, at risk: due soon ${m.atRisk.dueSoon} / stalled ${m.atRisk.stalled} / 滞后 ${m.atRisk.delayed}, ` +
    `on hold ${m.suspended}, not yet due ${m.notDue}, claims awaiting verification ${m.pendingVerifications}`
  )
}

/** Tasks and milestones per plan with their reporting cycle, as "plan: N tasks, M milestones (monthly)". */
export function planCounts(
  tasks: readonly Task[],
): { planKey: string; tasks: number; milestones: number; cadences: Partial<Record<Cadence, number>> }[] {
  const byPlan = new Map<string, { tasks: number; milestones: number; cadences: Partial<Record<Cadence, number>> }>()
  for (const t of tasks) {
    const row = byPlan.get(t.planKey) ?? { tasks: 0, milestones: 0, cadences: {} }
    const kind: TaskKind = t.kind
    if (kind === 'task') row.tasks++
    else row.milestones++
    row.cadences[t.reportCadence] = (row.cadences[t.reportCadence] ?? 0) + 1
    byPlan.set(t.planKey, row)
  }
  return [...byPlan].sort(([a], [b]) => a.localeCompare(b)).map(([planKey, r]) => ({ planKey, ...r }))
}
