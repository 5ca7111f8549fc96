import {
  taskDueStateLabels,
  taskStageLabels,
  type TaskChange,
  type TaskCounts,
  type TaskDueState,
} from '@cockpit/contracts'
import { daysBetween } from '@cockpit/domain'
import type { ScreenTaskBrief, ScreenTaskDetail, ScreenTaskSummary } from './types.js'

// What the wall's 重点任务督办 page and the task detail make of the API's task summary and detail.

/** One colour per due state: red is overdue only, green is done on time, so a glance reads the board. */
export const taskStateColors: Record<TaskDueState, string> = {
  'not-due': '#38bdf8',
  'due-soon': '#facc15',
  overdue: '#ef4444',
  done: '#22c55e',
  'done-late': '#a78bfa',
  stalled: '#f97316',
  suspended: '#94a3b8',
}

/** The seven states in the order a 督办 board reads them: what is open, what went wrong, what is done. */
export const taskStateOrder: TaskDueState[] = [
  'not-due',
  'due-soon',
  'overdue',
  'done',
  'done-late',
  'stalled',
  'suspended',
]

export function stateTiles(counts: TaskCounts | null) {
  return taskStateOrder.map((state) => ({
    state,
    label: taskDueStateLabels[state],
    count: counts?.byState[state] ?? 0,
    color: taskStateColors[state],
  }))
}

/** Items to watch: overdue first (most days first, as the API sorts them), then those due soon; no item twice. */
export function tasksToWatch(summary: ScreenTaskSummary | null, n: number): ScreenTaskBrief[] {
  if (!summary) return []
  const seen = new Set<number>()
  const out: ScreenTaskBrief[] = []
  for (const t of [...summary.overdue, ...summary.dueSoon]) {
    if (seen.has(t.id) || out.length >= n) continue
    seen.add(t.id)
    out.push(t)
  }
  return out
}

/** The task page's turn in rotation: the most overdue, else the soonest due, else the latest completed. */
export function taskWalk(summary: ScreenTaskSummary | null): number[] {
  if (!summary) return []
  for (const list of [summary.overdue, summary.dueSoon, summary.recentCompletions])
    if (list.length) return list.map((t) => t.id)
  return []
}

/** The bar segments of a group: completed on time, completed late, overdue, and still open (together the total). */
export function completionSegments(c: TaskCounts) {
  const onTime = c.byState.done ?? 0
  const late = c.byState['done-late'] ?? 0
  const overdue = c.byState.overdue ?? 0
  return { onTime, late, overdue, open: Math.max(0, c.total - onTime - late - overdue), total: c.total }
}

export interface CompletionRow extends TaskCounts {
  key: string
  label: string
}

/**
 * At most n groups for a fixed-height chart: when there are more, those with the most overdue items (then the
 * largest) stay, shown in the API's order (plan chapters in their order, departments as listed).
 */
export function pickRows<T extends TaskCounts>(rows: T[], n: number): T[] {
  if (rows.length <= n) return rows
  const keep = new Set([...rows].sort((a, b) => b.overdue - a.overdue || b.total - a.total).slice(0, n))
  return rows.filter((r) => keep.has(r))
}

/** Plan chapters as chart rows; with several plans in view each name says whose plan it is. */
export function pillarRows(
  summary: ScreenTaskSummary | null,
  placeOfPlan: (planKey: string) => string,
  n: number,
): CompletionRow[] {
  if (!summary) return []
  const plans = new Set(summary.byPillar.map((p) => p.planKey))
  return pickRows(summary.byPillar, n).map((p) => ({
    ...p,
    key: `${p.planKey}/${p.pillarKey ?? 'other'}`,
    label: plans.size > 1 ? `${shortPlace(placeOfPlan(p.planKey))}·${p.pillarName}` : p.pillarName,
  }))
}

/** Lead departments as chart rows; with several jurisdictions in view each name says where. */
export function departmentRows(
  summary: ScreenTaskSummary | null,
  placeOf: (code: string) => string,
  n: number,
): CompletionRow[] {
  if (!summary) return []
  const places = new Set(summary.byDepartment.map((d) => d.jurisdictionCode))
  return pickRows(summary.byDepartment, n).map((d) => ({
    ...d,
    key: String(d.departmentId),
    label: places.size > 1 ? `${shortPlace(placeOf(d.jurisdictionCode))}·${d.departmentName}` : d.departmentName,
  }))
}

/** '扬州市' → '扬州', '江苏省' → '江苏': enough to tell plans apart on a chart axis. */
export const shortPlace = (name: string) =>
  name.length > 2 ? name.replace(/(省|市|自治区|自治州|地区|盟|县|区)$/, '') : name

/** A task's number and title as one line. */
export const taskLine = (t: { number: string | null; title: string }) => (t.number ? `${t.number} ${t.title}` : t.title)

/** How far a task is from its date, as the lists say it. */
export function dueText(t: Pick<ScreenTaskBrief, 'dueState' | 'daysOverdue' | 'daysLeft'>): string {
  if (t.dueState === 'overdue') return `逾期 ${t.daysOverdue ?? 0} 天`
  if (t.dueState === 'done-late') return `逾期 ${t.daysOverdue ?? 0} 天完成`
  if (t.dueState === 'done') return '按期完成'
  if (t.daysLeft === null) return taskDueStateLabels[t.dueState]
  return t.daysLeft === 0 ? '今日到期' : `剩 ${t.daysLeft} 天`
}

export interface ProgressRow {
  key: string
  periodKey: string
  departmentName: string
  role: 'lead' | 'cooperating'
  stageLabel: string
  stage: string
  percent: number | null
  progress: string
  problems: string | null
  reason: string | null
  reportedAt: string
  /** Revisions before the one in force (the history a correction keeps). */
  revised: number
  evidence: number
}

/** The progress history as table rows: newest period first, its lead parts, then the cooperating parts under them. */
export function progressRows(detail: ScreenTaskDetail | null, n: number): ProgressRow[] {
  if (!detail) return []
  const rows: ProgressRow[] = []
  for (const p of detail.progress) {
    for (const part of [...p.leads, ...p.cooperating]) {
      const r = part.revisions[0]!
      rows.push({
        key: `${p.periodKey}:${part.departmentId}`,
        periodKey: p.periodKey,
        departmentName: part.departmentName,
        role: part.role,
        stage: r.stage,
        stageLabel: r.stageLabel,
        percent: r.percent,
        progress: r.progress,
        problems: r.problems,
        reason: r.reason,
        reportedAt: r.reportedAt,
        revised: part.revisions.length - 1,
        evidence: r.evidence.length,
      })
      if (rows.length >= n) return rows
    }
  }
  return rows
}

/** A task change as the live ticker says it. */
export function taskChangeText(e: TaskChange, named?: { number: string | null; title: string }): string {
  const what = named ? taskLine(named) : `${e.kind === 'milestone' ? '节点' : '任务'} ${e.taskId}`
  switch (e.action) {
    case 'progress':
      return `${what} 报送进展${e.stage ? `:${taskStageLabels[e.stage]}` : ''}`
    case 'claim':
      return `${what} 申报完成,待销号审核`
    case 'approve':
      return `${what} 已销号 · ${taskDueStateLabels[e.dueState]}`
    case 'return':
      return `${what} 完成申报被退回`
    case 'reopen':
      return `${what} 撤销销号 · ${taskDueStateLabels[e.dueState]}`
  }
}

const isDone = (s: TaskDueState) => s === 'done' || s === 'done-late'

/** Counts with one item moved from one state to another. */
function shift<T extends TaskCounts>(c: T, from: TaskDueState, to: TaskDueState): T {
  const byState = { ...c.byState, [from]: Math.max(0, (c.byState[from] ?? 0) - 1), [to]: (c.byState[to] ?? 0) + 1 }
  return {
    ...c,
    byState,
    completed: byState.done + byState['done-late'],
    onTime: byState.done,
    overdue: byState.overdue,
  }
}

/**
 * What a task event says at once, before the refetch brings the full picture: an item the summary lists
 * (overdue, due soon, recently completed) moves to the list and counts of its new state. Null when the
 * summary does not list it or nothing it shows changed (the refetch alone covers those).
 */
export function patchSummary(s: ScreenTaskSummary, e: TaskChange, rows: number): ScreenTaskSummary | null {
  const b = [...s.overdue, ...s.dueSoon, ...s.recentCompletions].find((t) => t.id === e.taskId)
  if (!b || (b.dueState === e.dueState && b.completedOn === e.completedOn && b.latestStage === e.stage)) return null
  const late = e.completedOn !== null ? daysBetween(b.effectiveDueDate, e.completedOn) : 0
  const next: ScreenTaskBrief = {
    ...b,
    dueState: e.dueState,
    dueStateLabel: taskDueStateLabels[e.dueState],
    completedOn: e.completedOn,
    latestStage: e.stage,
    daysOverdue: e.dueState === 'done-late' ? late : e.dueState === 'overdue' ? b.daysOverdue : null,
    daysLeft: e.dueState === 'overdue' || isDone(e.dueState) ? null : b.daysLeft,
  }
  const without = (list: ScreenTaskBrief[]) => list.filter((t) => t.id !== b.id)
  const into = (list: ScreenTaskBrief[], state: boolean, order: (a: ScreenTaskBrief, c: ScreenTaskBrief) => number) =>
    (state ? [...without(list), next].sort(order) : without(list)).slice(0, rows)
  const moved = b.dueState !== e.dueState
  const pillarOf = (p: { planKey: string; pillarKey: string | null }) =>
    p.planKey === b.planKey && p.pillarKey === (b.pillar?.key ?? null)
  return {
    ...s,
    overall: moved ? shift(s.overall, b.dueState, e.dueState) : s.overall,
    byKind: moved ? { ...s.byKind, [b.kind]: shift(s.byKind[b.kind], b.dueState, e.dueState) } : s.byKind,
    byPillar: moved ? s.byPillar.map((p) => (pillarOf(p) ? shift(p, b.dueState, e.dueState) : p)) : s.byPillar,
    byDepartment:
      moved && b.lead
        ? s.byDepartment.map((d) => (d.departmentId === b.lead!.id ? shift(d, b.dueState, e.dueState) : d))
        : s.byDepartment,
    overdue: into(
      s.overdue,
      e.dueState === 'overdue',
      (x, y) => (y.daysOverdue ?? 0) - (x.daysOverdue ?? 0) || x.id - y.id,
    ),
    dueSoon: into(s.dueSoon, e.dueState === 'due-soon', (x, y) => (x.daysLeft ?? 0) - (y.daysLeft ?? 0) || x.id - y.id),
    recentCompletions: into(
      s.recentCompletions,
      isDone(e.dueState) && e.completedOn !== null,
      (x, y) => (y.completedOn ?? '').localeCompare(x.completedOn ?? '') || x.id - y.id,
    ),
  }
}
