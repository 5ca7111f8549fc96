import {
  taskDueStates,
  type Task,
  type TaskBrief,
  type TaskCounts,
  type TaskSummary,
  type TaskSummaryQuery,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { ReadScope } from '../kernel/scope.js'
import { taskRows, taskViews } from './read.js'
import { completionQuery, toCompletions } from './completion-view.js'

/** Counts of a set of tasks at asOf: by state, and the figures a 督办 board shows. */
export function taskCounts(items: readonly Task[], asOf: string): TaskCounts {
  const byState = Object.fromEntries(taskDueStates.map((s) => [s, 0])) as TaskCounts['byState']
  for (const t of items) byState[t.dueState]++
  const completed = byState.done + byState['done-late']
  // Due by now, or finished early: the items whose on-time completion can already be judged.
  const judged = items.filter(
    (t) => t.effectiveDueDate < asOf || t.dueState === 'done' || t.dueState === 'done-late',
  ).length
  return {
    total: items.length,
    byState,
    completed,
    onTime: byState.done,
    overdue: byState.overdue,
    onTimeRate: judged ? byState.done / judged : null,
  }
}

const brief = (t: Task): TaskBrief => {
  const lead = t.departments.find((d) => d.role === 'lead')
  return {
    id: t.id,
    kind: t.kind,
    number: t.number,
    title: t.title,
    planKey: t.planKey,
    jurisdictionCode: t.jurisdictionCode,
    pillar: t.pillar,
    effectiveDueDate: t.effectiveDueDate,
    completedOn: t.completedOn,
    dueState: t.dueState,
    dueStateLabel: t.dueStateLabel,
    daysOverdue: t.daysOverdue,
    daysLeft: t.daysLeft,
    overdueMilestones: t.overdueMilestones,
    lead: lead ? { id: lead.id, name: lead.name } : null,
    latestStage: t.latestProgress?.stage ?? null,
  }
}

function groupBy<K>(items: readonly Task[], keysOf: (t: Task) => K[]): Map<K, Task[]> {
  const out = new Map<K, Task[]>()
  for (const t of items) for (const k of keysOf(t)) out.set(k, [...(out.get(k) ?? []), t])
  return out
}

/**
 * Where the tasks and milestones of a place stand at asOf, in one answer: counts overall, by kind, by
 * pillar and by lead department; the most overdue, the soonest due, the latest verified completions and
 * the claims waiting for verification. Feeds the wall's 重点任务督办 page and the manager's 任务督办 page.
 */
export async function taskSummary(
  db: Kysely<Database>,
  query: TaskSummaryQuery,
  asOf: string,
  scope: ReadScope,
): Promise<TaskSummary> {
  const rows = await taskRows(db, { ...query, descendants: query.descendants ?? true }, scope)
  const items = await taskViews(db, rows, asOf)
  const limit = query.limit

  const pillars = groupBy(items, (t) => [`${t.planKey}\u0000${t.pillar?.key ?? ''}`])
  const byPillar = [...pillars.values()].map((ts) => ({
    planKey: ts[0]!.planKey,
    pillarKey: ts[0]!.pillar?.key ?? null,
    pillarName: ts[0]!.pillar?.name ?? '未分板块',
    ...taskCounts(ts, asOf),
  }))

  const leads = groupBy(items, (t) => t.departments.filter((d) => d.role === 'lead').map((d) => d.id))
  const departments = leads.size
    ? new Map(
        (
          await db
            .selectFrom('departments')
            .select(['id', 'name', 'jurisdiction_code'])
            .where('id', 'in', [...leads.keys()])
            .execute()
        ).map((d) => [d.id, d]),
      )
    : new Map<number, { id: number; name: string; jurisdiction_code: string }>()
  const byDepartment = [...leads]
    .map(([id, ts]) => ({
      departmentId: id,
      departmentName: departments.get(id)?.name ?? '',
      jurisdictionCode: departments.get(id)?.jurisdiction_code ?? '',
      ...taskCounts(ts, asOf),
    }))
    .sort((a, b) => b.overdue - a.overdue || b.total - a.total || a.departmentId - b.departmentId)

  const ids = items.map((t) => t.id)
  const pendingQuery = completionQuery(db)
    .where('c.state', '=', 'pending')
    .where('c.task_id', 'in', ids.length ? ids : [0])
  const [pending, pendingCount] = await Promise.all([
    pendingQuery.orderBy('c.claimed_at').orderBy('c.id').limit(limit).execute(),
    pendingQuery
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])

  return {
    asOf,
    jurisdiction: query.jurisdiction ?? null,
    overall: taskCounts(items, asOf),
    byKind: {
      task: taskCounts(
        items.filter((t) => t.kind === 'task'),
        asOf,
      ),
      milestone: taskCounts(
        items.filter((t) => t.kind === 'milestone'),
        asOf,
      ),
    },
    byPillar,
    byDepartment,
    overdue: items
      .filter((t) => t.dueState === 'overdue')
      .sort((a, b) => b.daysOverdue! - a.daysOverdue! || a.id - b.id)
      .slice(0, limit)
      .map(brief),
    dueSoon: items
      .filter((t) => t.dueState === 'due-soon')
      .sort((a, b) => a.daysLeft! - b.daysLeft! || a.id - b.id)
      .slice(0, limit)
      .map(brief),
    recentCompletions: items
      .filter((t) => t.completedOn !== null && (t.dueState === 'done' || t.dueState === 'done-late'))
      .sort((a, b) => b.completedOn!.localeCompare(a.completedOn!) || a.id - b.id)
      .slice(0, limit)
      .map(brief),
    pendingVerifications: await toCompletions(db, pending),
    pendingVerificationCount: Number(pendingCount.n),
  }
}
