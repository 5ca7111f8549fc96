import { planCitation } from '../kernel/labels.js'
import {
  taskDueStateLabels,
  taskStageLabels,
  type Cadence,
  type DepartmentRef,
  type Task,
  type TaskDetail,
  type TaskQuery,
  type TaskStage,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { addDays, effectiveDueDate, taskDueState, withMilestones, type TaskDue } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { assertFilterInScope, inScope, type ReadScope, readScope } from '../kernel/scope.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { completionsOfTask } from './completion-view.js'
import { progressHistory } from './progress-history.js'
import { departmentLinks } from '../kernel/department-links.js'
import { descendantCodes } from '../kernel/jurisdictions.js'
import { anyInt, anyText } from '../kernel/any-of.js'

export function taskQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .leftJoin('pillars as x', 'x.id', 't.pillar_id')
    .selectAll('t')
    .select([
      'p.key as plan_key',
      'p.title as plan_title',
      'p.doc_number',
      'p.source_file',
      'p.jurisdiction_code',
      'p.start_year as plan_start_year',
      'p.end_year as plan_end_year',
      'p.issued_on as plan_issued_on',
      'p.task_report_cadence as plan_cadence',
      'x.key as pillar_key',
      'x.name as pillar_name',
    ])
}
export type TaskQueryRow = Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirstOrThrow']>>

/** The cadence a task is reported at: its own, else its plan's. */
export const cadenceOf = (r: Pick<TaskQueryRow, 'report_cadence' | 'plan_cadence'>): Cadence =>
  r.report_cadence ?? r.plan_cadence
export const dueDateOf = (r: Pick<TaskQueryRow, 'due_date' | 'plan_end_year'>): string =>
  effectiveDueDate(r.due_date, r.plan_end_year)
/** The instant asOf's day ends in Shanghai: a report made after it was not known at asOf. */
export const endOfDay = (asOf: string): Date => new Date(`${addDays(asOf, 1)}T00:00:00+08:00`)

interface LatestReport {
  stage: TaskStage
  percent: number | null
  period_key: string
  period_end: string
  reported_at: Date
  department_id: number
  department_name: string
}

/**
 * The report that speaks for each task at asOf: the newest (by period, then revision) of its lead
 * departments, else of any linked department. One query for many tasks.
 */
async function latestReports(db: Kysely<Database>, ids: number[], asOf: string): Promise<Map<number, LatestReport>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('task_progress as tp')
    .innerJoin('departments as d', 'd.id', 'tp.department_id')
    .distinctOn('tp.task_id')
    .select([
      'tp.task_id',
      'tp.stage',
      'tp.percent',
      'tp.period_key',
      'tp.period_end',
      'tp.reported_at',
      'tp.department_id',
      'd.name as department_name',
    ])
    .where('tp.task_id', '=', anyInt(ids))
    .where('tp.reported_at', '<', endOfDay(asOf))
    .orderBy('tp.task_id')
    .orderBy(sql`tp.role = 'lead'`, 'desc')
    .orderBy('tp.period_end', 'desc')
    .orderBy('tp.id', 'desc')
    .execute()
  return new Map(rows.map((r) => [r.task_id, r]))
}

async function pendingClaims(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return new Map<number, Task['pendingClaim']>()
  const rows = await db
    .selectFrom('task_completions as c')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .select(['c.id', 'c.task_id', 'c.claimed_on', 'c.claimed_at', 'd.name'])
    .where('c.task_id', '=', anyInt(ids))
    .where('c.state', '=', 'pending')
    .execute()
  return new Map(
    rows.map((r) => [
      r.task_id,
      { id: r.id, claimedOn: r.claimed_on, claimedAt: r.claimed_at.toISOString(), departmentName: r.name },
    ]),
  )
}

/**
 * Task views for rows, each with its due state at asOf: its own (domain `taskDueState`), then, for a
 * task, reflecting its milestones (`withMilestones`) — loaded here even when the rows leave them out.
 */
export async function taskViews(db: Kysely<Database>, rows: TaskQueryRow[], asOf: string): Promise<Task[]> {
  const ids = rows.map((r) => r.id)
  const listed = new Set(ids)
  const extra = ids.length
    ? (await taskQuery(db).where('t.parent_id', '=', anyInt(ids)).execute()).filter((c) => !listed.has(c.id))
    : []
  const all = [...rows, ...extra]
  const [latest, pending, departments] = await Promise.all([
    latestReports(
      db,
      all.map((r) => r.id),
      asOf,
    ),
    pendingClaims(db, ids),
    departmentLinks(db, 'task_departments', ids),
  ])

  const own = new Map<number, TaskDue>()
  for (const r of all) {
    const report = latest.get(r.id)
    own.set(
      r.id,
      taskDueState(
        {
          dueDate: dueDateOf(r),
          completedOn: r.completed_on,
          latestStage: report?.stage ?? null,
          lastReportPeriodEnd: report?.period_end ?? null,
          reportingFrom: r.plan_issued_on,
          cadence: cadenceOf(r),
        },
        asOf,
      ),
    )
  }
  const milestonesOf = new Map<number, TaskDue[]>()
  for (const r of all)
    if (r.kind === 'milestone' && r.parent_id !== null)
      milestonesOf.set(r.parent_id, [...(milestonesOf.get(r.parent_id) ?? []), own.get(r.id)!])

  return rows.map((r) =>
    toTask(
      r,
      withMilestones(own.get(r.id)!, milestonesOf.get(r.id) ?? []),
      latest.get(r.id) ?? null,
      pending.get(r.id) ?? null,
      departments.get(r.id) ?? [],
    ),
  )
}

function toTask(
  r: TaskQueryRow,
  due: TaskDue,
  report: LatestReport | null,
  pendingClaim: Task['pendingClaim'],
  departments: DepartmentRef[],
): Task {
  return {
    id: r.id,
    key: r.key,
    planKey: r.plan_key,
    jurisdictionCode: r.jurisdiction_code,
    kind: r.kind,
    number: r.number,
    title: r.title,
    description: r.description,
    pillar: r.pillar_key && r.pillar_name ? { key: r.pillar_key, name: r.pillar_name } : null,
    parentId: r.parent_id,
    indicatorId: r.indicator_id,
    dueDate: r.due_date,
    effectiveDueDate: dueDateOf(r),
    completedOn: r.completed_on,
    dueState: due.state,
    dueStateLabel: taskDueStateLabels[due.state],
    daysOverdue: due.daysOverdue,
    daysLeft: due.daysLeft,
    overdueMilestones: due.overdueMilestones,
    reportCadence: cadenceOf(r),
    reportCadenceOverridden: r.report_cadence !== null,
    latestProgress: report && {
      stage: report.stage,
      stageLabel: taskStageLabels[report.stage],
      percent: report.percent,
      periodKey: report.period_key,
      reportedAt: report.reported_at.toISOString(),
      departmentId: report.department_id,
      departmentName: report.department_name,
    },
    pendingClaim,
    departments,
    citation: planCitation(r),
  }
}

/** Tasks in scope matching the filters, as rows (their views come from `taskViews`). */
export async function taskRows(
  db: Kysely<Database>,
  query: Pick<TaskQuery, 'jurisdiction' | 'descendants' | 'plan' | 'kind' | 'department'>,
  scope: ReadScope,
): Promise<TaskQueryRow[]> {
  assertFilterInScope(scope, query.jurisdiction)
  let q = taskQuery(db)
  if (scope !== null) q = q.where('p.jurisdiction_code', '=', anyText(scope))
  if (query.jurisdiction) {
    const codes = query.descendants ? await descendantCodes(db, query.jurisdiction) : [query.jurisdiction]
    q = q.where('p.jurisdiction_code', '=', anyText(codes))
  }
  if (query.plan) q = q.where('p.key', '=', query.plan)
  if (query.kind) q = q.where('t.kind', '=', query.kind)
  if (query.department !== undefined) {
    const dept = query.department
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('task_departments as l').whereRef('l.task_id', '=', 't.id').where('l.department_id', '=', dept),
      ),
    )
  }
  return q.orderBy('p.jurisdiction_code').orderBy('p.key').orderBy('t.position').execute()
}

/**
 * The tasks matching the query inside the caller's scope. `mine` narrows a reporter to the tasks
 * their department leads or cooperates on (other callers have no department: 400).
 */
export async function listTasks(ctx: ServiceContext, query: TaskQuery): Promise<Task[]> {
  const { db, principal } = ctx
  const asOf = query.asOf ?? ctx.asOf
  const scope = readScope(principal)
  // "Mine" is a reporter's or department token's own department.
  const ownDepartment = principal.role === 'reporter' ? principal.departmentId : null
  let department = query.department
  if (query.mine) {
    if (ownDepartment === null) throw forbidden('查询参数 mine: 只有责任单位账号或单位接口令牌可以查看“本单位任务”')
    department = ownDepartment
  }
  const rows = await taskRows(db, { ...query, department }, scope)
  const items = await taskViews(db, query.dueBefore ? rows.filter((r) => dueDateOf(r) <= query.dueBefore!) : rows, asOf)
  return query.dueState ? items.filter((t) => t.dueState === query.dueState) : items
}

/** One task with its milestones, its progress history (per period) and its completion claims. */
export async function getTask(db: Kysely<Database>, id: number, asOf: string, scope: ReadScope): Promise<TaskDetail> {
  const row = await taskQuery(db).where('t.id', '=', id).executeTakeFirst()
  if (!row || !inScope(scope, row.jurisdiction_code)) throw notFound(`任务 ${id} `)
  const childRows = await taskQuery(db).where('t.parent_id', '=', id).orderBy('t.position').execute()
  const [[task], children, progress, completions] = await Promise.all([
    taskViews(db, [row], asOf),
    taskViews(db, childRows, asOf),
    progressHistory(db, id, asOf),
    completionsOfTask(db, id),
  ])
  return { ...task!, children, progress, completions }
}

/** One task's view, or null when it does not exist (after a write, for the answer and the live event). */
export async function taskView(db: Kysely<Database>, id: number, asOf: string): Promise<Task | null> {
  const row = await taskQuery(db).where('t.id', '=', id).executeTakeFirst()
  return row ? ((await taskViews(db, [row], asOf))[0] ?? null) : null
}
