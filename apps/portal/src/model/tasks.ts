import type { Cadence, Task, TaskBrief, TaskDueState, TaskStage } from '@cockpit/contracts'
import { periodOf, previousPeriod, type IsoDate } from '@cockpit/domain'
import { formatPeriod } from '@cockpit/web-kit'

// Pure helpers shared by 我的任务 (reporters) and 任务督办 (managers): colours, order, periods.

export const cadenceLabels: Record<Cadence, string> = { monthly: '每月', quarterly: '每季度', yearly: '每年' }

/** The tag colour of a due state: red needs action now, amber soon, green is done (late done is amber: it counts as late). */
export const dueStateTone: Record<TaskDueState, 'bad' | 'warn' | 'good' | ''> = {
  overdue: 'bad',
  stalled: 'bad',
  'due-soon': 'warn',
  suspended: 'warn',
  'done-late': 'warn',
  done: 'good',
  'not-due': '',
}

export const stageTone: Record<TaskStage, 'bad' | 'warn' | 'good' | ''> = {
  'not-started': '',
  'in-progress': '',
  completed: 'good',
  delayed: 'bad',
  suspended: 'warn',
}

/** Order of attention: overdue (most days first), at risk (临期, soonest first), no progress, 暂缓, open, then done. */
const rank: Record<TaskDueState, number> = {
  overdue: 0,
  'due-soon': 1,
  stalled: 2,
  suspended: 3,
  'not-due': 4,
  'done-late': 5,
  done: 6,
}

type Urgent = Pick<TaskBrief, 'dueState' | 'daysOverdue' | 'daysLeft' | 'effectiveDueDate' | 'id'>
export function byUrgency(a: Urgent, b: Urgent): number {
  return (
    rank[a.dueState] - rank[b.dueState] ||
    (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) ||
    (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) ||
    a.effectiveDueDate.localeCompare(b.effectiveDueDate) ||
    a.id - b.id
  )
}

/** "逾期 12 天" / "剩 5 天" / "今日到期" / "" — the figure beside the state tag. */
export function daysText(t: Pick<TaskBrief, 'dueState' | 'daysOverdue' | 'daysLeft'>): string {
  if ((t.dueState === 'overdue' || t.dueState === 'done-late') && t.daysOverdue !== null)
    return `逾期 ${t.daysOverdue} 天`
  if (t.dueState === 'done' || t.dueState === 'done-late' || t.daysLeft === null) return ''
  return t.daysLeft === 0 ? '今日到期' : `剩 ${t.daysLeft} 天`
}

/** The caller's department's role on a task: a department may be listed as lead and cooperating; lead wins. */
export function roleOf(
  task: Pick<Task, 'departments'>,
  departmentId: number | null | undefined,
): 'lead' | 'cooperating' | null {
  if (departmentId == null) return null
  const mine = task.departments.filter((d) => d.id === departmentId)
  if (mine.some((d) => d.role === 'lead')) return 'lead'
  return mine.length ? 'cooperating' : null
}

export const kindLabel = (kind: Task['kind']) => (kind === 'milestone' ? '时间节点' : '重点任务')

/** "(一)1 推动电子政务外网升级改造" — the plan's numbering when it has one. */
export const taskName = (t: Pick<Task, 'number' | 'title'>) => (t.number ? `${t.number} ${t.title}` : t.title)

/**
 * The periods a report can be for: the current one at the product date, then the `count - 1` before it,
 * newest first (the server refuses future periods and those outside the plan; this only offers choices).
 */
export function reportablePeriods(cadence: Cadence, today: IsoDate, count = 4): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = []
  let p = periodOf(cadence, today)
  for (let i = 0; i < count; i++) {
    out.push({ key: p.key, label: i === 0 ? `${formatPeriod(p.key)}(本期)` : formatPeriod(p.key) })
    p = previousPeriod(p)
  }
  return out
}

/** The current period of a cadence at the product date. */
export const currentPeriodKey = (cadence: Cadence, today: IsoDate) => periodOf(cadence, today).key

/** Whether a task still takes a completion claim: not verified complete, and no claim waiting for verification. */
export const canClaim = (t: Pick<Task, 'completedOn' | 'pendingClaim'>) =>
  t.completedOn === null && t.pendingClaim === null

/** "2024年6月 滞后 95%": the report that speaks for a task, in one line. */
export const latestText = (p: Pick<NonNullable<Task['latestProgress']>, 'periodKey' | 'stageLabel' | 'percent'>) =>
  [formatPeriod(p.periodKey), p.stageLabel, p.percent === null ? '' : `${p.percent}%`].filter(Boolean).join(' ')
