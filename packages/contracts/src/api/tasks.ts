import { z } from 'zod'
import { Cadence, TaskDueState, TaskKind, TaskStage, taskStagesNeedingReason } from '../domain-enums.js'
import { CatalogFilter, Citation, DepartmentRef, IsoDate, JurisdictionCode, QueryBoolean } from './common.js'
import { EvidenceRef } from './evidence.js'

// 重点任务督办: tasks and milestones, their progress reports, completion claims and verification (销号).

/** A real calendar date: the domain's date math throws on '2025-02-30', which must be a 400, not a 500. */
const CalendarDate = IsoDate.refine((s) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}, '应为有效日期 YYYY-MM-DD')

/** A reporting period key of the task's cadence: monthly '2025-03', quarterly '2025-Q1', yearly '2025'. */
export const TaskPeriodKey = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, '报告期应为 2025-03(月)、2025-Q1(季)或 2025(年)')

const text = (label: string, max: number) =>
  z
    .string({ message: `${label}应为文字` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不超过${max}字`)
const optionalText = (label: string, max: number) =>
  z
    .string({ message: `${label}应为文字` })
    .trim()
    .max(max, `${label}不超过${max}字`)
    .optional()
const EvidenceIds = z
  .array(z.string().uuid('佐证材料编号应为 UUID'))
  .max(10, '一次最多附10份佐证材料')
  .refine((ids) => new Set(ids).size === ids.length, '佐证材料不能重复')

export const DepartmentBrief = z.object({ id: z.number().int(), name: z.string() })
export type DepartmentBrief = z.infer<typeof DepartmentBrief>

/** The report that speaks for a task: the newest of its lead departments' (else of any linked department's), by period then revision. */
export const TaskLatestProgress = z.object({
  stage: TaskStage,
  stageLabel: z.string(),
  percent: z.number().int().nullable(),
  periodKey: z.string(),
  reportedAt: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
})
export type TaskLatestProgress = z.infer<typeof TaskLatestProgress>

/** A completion claim waiting for verification. */
export const TaskPendingClaim = z.object({
  id: z.number().int(),
  claimedOn: z.string(),
  claimedAt: z.string(),
  departmentName: z.string(),
})

export const Task = z.object({
  id: z.number().int(),
  key: z.string(),
  planKey: z.string(),
  jurisdictionCode: z.string(),
  kind: TaskKind,
  number: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  pillar: z.object({ key: z.string(), name: z.string() }).nullable(),
  parentId: z.number().int().nullable(),
  indicatorId: z.number().int().nullable(),
  /** The task's own date as the plan states it (null for most tasks). */
  dueDate: z.string().nullable(),
  /** The date it is judged by: its own, else 31 December of the plan's last year. */
  effectiveDueDate: z.string(),
  /** The verified completion date (set only by a manager's approval). */
  completedOn: z.string().nullable(),
  dueState: TaskDueState,
  dueStateLabel: z.string(),
  /**
   * Days past the due date: while overdue (as of the read date) or, when done late, at completion; else
   * null. A task overdue only through its milestones carries the most days of theirs.
   */
  daysOverdue: z.number().int().nullable(),
  /** Days until its own due date while open and not past it (0 = due today); else null. */
  daysLeft: z.number().int().nullable(),
  /** How many of its milestones are overdue (a task with any takes 'overdue' unless itself done). */
  overdueMilestones: z.number().int(),
  /** The task's cadence (its own, else its plan's). */
  reportCadence: Cadence,
  /** True when the task sets its own cadence rather than following the plan. */
  reportCadenceOverridden: z.boolean(),
  latestProgress: TaskLatestProgress.nullable(),
  pendingClaim: TaskPendingClaim.nullable(),
  departments: z.array(DepartmentRef),
  citation: Citation,
})
export type Task = z.infer<typeof Task>

/** One revision of a department's report for a period. */
export const TaskProgressRevision = z.object({
  id: z.number().int(),
  stage: TaskStage,
  stageLabel: z.string(),
  percent: z.number().int().nullable(),
  progress: z.string(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  reason: z.string().nullable(),
  evidence: z.array(EvidenceRef),
  /** The user's display name or the token's name. */
  reportedBy: z.string(),
  reportedAt: z.string(),
})
export type TaskProgressRevision = z.infer<typeof TaskProgressRevision>

/** One department's part of a period's report: the revision in force first, then older ones. */
export const TaskProgressPart = z.object({
  departmentId: z.number().int(),
  departmentName: z.string(),
  role: z.enum(['lead', 'cooperating']),
  /** Newest first; revisions[0] is in force. */
  revisions: z.array(TaskProgressRevision).min(1),
})
export type TaskProgressPart = z.infer<typeof TaskProgressPart>

/**
 * A period's reports: the lead departments' (a task may have several leads, or none), then the
 * cooperating departments' parts shown under them.
 */
export const TaskProgressPeriod = z.object({
  periodKey: z.string(),
  periodEnd: z.string(),
  leads: z.array(TaskProgressPart),
  cooperating: z.array(TaskProgressPart),
})
export type TaskProgressPeriod = z.infer<typeof TaskProgressPeriod>

export const taskCompletionStates = ['pending', 'approved', 'returned', 'reopened'] as const
export const TaskCompletionState = z.enum(taskCompletionStates, {
  message: '销号状态应为 pending、approved、returned 或 reopened',
})
export type TaskCompletionState = z.infer<typeof TaskCompletionState>
export const taskCompletionStateLabels: Record<TaskCompletionState, string> = {
  pending: '待销号审核',
  approved: '已销号',
  returned: '已退回',
  reopened: '已撤销销号',
}

/** A completion claim and what became of it (the verification queue's row, and the task's claim history). */
export const TaskCompletion = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  taskKind: TaskKind,
  taskNumber: z.string().nullable(),
  taskTitle: z.string(),
  planKey: z.string(),
  jurisdictionCode: z.string(),
  effectiveDueDate: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  claimedOn: z.string(),
  /** True when the claimed date is after the due date (approval would make it 逾期完成). */
  late: z.boolean(),
  note: z.string().nullable(),
  evidence: z.array(EvidenceRef),
  claimedBy: z.string(),
  claimedAt: z.string(),
  state: TaskCompletionState,
  stateLabel: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The manager's comment: required when returned (the department sees it), optional on approval. */
  decisionComment: z.string().nullable(),
  reopenReason: z.string().nullable(),
  reopenedBy: z.string().nullable(),
  reopenedAt: z.string().nullable(),
})
export type TaskCompletion = z.infer<typeof TaskCompletion>
export const TaskCompletionList = z.object({ items: z.array(TaskCompletion), total: z.number().int() })

export const TaskDetail = Task.extend({
  children: z.array(Task),
  /** Newest period first. */
  progress: z.array(TaskProgressPeriod),
  /** Newest claim first. */
  completions: z.array(TaskCompletion),
})
export type TaskDetail = z.infer<typeof TaskDetail>
export const TaskList = z.object({ items: z.array(Task), total: z.number().int() })

export const TaskQuery = CatalogFilter.extend({
  kind: TaskKind.optional(),
  /** Reporters: only the tasks their department leads or cooperates on. */
  mine: QueryBoolean.optional(),
  dueState: TaskDueState.optional(),
  /** Effective due date on or before. */
  dueBefore: IsoDate.optional(),
  asOf: CalendarDate.optional(),
})
export type TaskQuery = z.infer<typeof TaskQuery>
export const TaskDetailQuery = z.object({ asOf: CalendarDate.optional() })

/** POST /api/v1/tasks/{id}/progress. Department API tokens may send an Idempotency-Key header. */
export const TaskProgressBody = z
  .strictObject({
    /** Defaults to the current period of the task's cadence at the product clock. */
    period: TaskPeriodKey.optional(),
    stage: TaskStage,
    percent: z
      .number({ message: '完成百分比应为 0–100 的整数' })
      .int('完成百分比应为 0–100 的整数')
      .min(0, '完成百分比应为 0–100 的整数')
      .max(100, '完成百分比应为 0–100 的整数')
      .nullable()
      .optional(),
    /** 进展情况 */
    progress: text('进展情况', 2000),
    /** 存在问题 */
    problems: optionalText('存在问题', 2000),
    /** 下步计划 */
    nextSteps: optionalText('下步计划', 2000),
    /** Why 滞后 or 暂缓 (required for those stages). */
    reason: optionalText('原因', 500),
    evidenceIds: EvidenceIds.optional(),
    /** Administrators report on behalf of a linked department and must name it; reporters report for their own. */
    departmentId: z.number({ message: '部门编号应为正整数' }).int().positive('部门编号应为正整数').optional(),
  })
  .superRefine((b, ctx) => {
    if (taskStagesNeedingReason.includes(b.stage) && !b.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '进展阶段为滞后或暂缓时必须说明原因' })
    if (b.stage === 'completed' && b.percent != null && b.percent !== 100)
      ctx.addIssue({ code: 'custom', path: ['percent'], message: '进展阶段为已完成时,完成百分比应为 100 或不填' })
  })
export type TaskProgressBody = z.infer<typeof TaskProgressBody>

/** The answer to a progress report: the stored revision, and the task as it now stands. */
export const TaskProgressAccepted = z.object({
  periodKey: z.string(),
  revision: TaskProgressRevision,
  task: Task,
  /** True when this Idempotency-Key was seen before with the same body: nothing new was stored. */
  replayed: z.boolean(),
})
export type TaskProgressAccepted = z.infer<typeof TaskProgressAccepted>

/** POST /api/v1/tasks/{id}/completion: the lead department claims it is complete; a manager verifies. */
export const TaskCompletionClaimBody = z.strictObject({
  /** The date it was completed; defaults to today at the product clock, never in the future. */
  completedOn: CalendarDate.optional(),
  note: optionalText('完成情况说明', 2000),
  evidenceIds: EvidenceIds.optional(),
})
export type TaskCompletionClaimBody = z.infer<typeof TaskCompletionClaimBody>

export const TaskCompletionAccepted = z.object({ completion: TaskCompletion, replayed: z.boolean() })
export type TaskCompletionAccepted = z.infer<typeof TaskCompletionAccepted>

export const ApproveCompletionBody = z.strictObject({ comment: optionalText('审核意见', 500) })
export const ReturnCompletionBody = z.strictObject({
  comment: z
    .string({ message: '退回时必须填写退回意见' })
    .trim()
    .min(1, '退回时必须填写退回意见,说明还缺什么、应如何补充')
    .max(500, '退回意见不超过500字'),
})
export const ReopenTaskBody = z.strictObject({
  reason: z
    .string({ message: '撤销销号时必须填写原因' })
    .trim()
    .min(1, '撤销销号时必须填写原因')
    .max(500, '原因不超过500字'),
})

/** The verification queue: GET /api/v1/task-completions. */
export const TaskCompletionQuery = z.object({
  state: TaskCompletionState.default('pending'),
  /** This jurisdiction and those below it (managers: within their own). */
  jurisdiction: JurisdictionCode.optional(),
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
  limit: z.coerce.number({ message: '应为 1–500 的整数' }).int().min(1).max(500).default(100),
})
export type TaskCompletionQuery = z.infer<typeof TaskCompletionQuery>

/** GET /api/v1/tasks/summary: one call feeds the wall's 重点任务督办 page and the manager's 任务督办 page. */
export const TaskSummaryQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  /** With jurisdiction: include every jurisdiction below it (default true). */
  descendants: QueryBoolean.optional(),
  plan: z
    .string()
    .regex(/^[a-z0-9-]+$/, '规划标识应为小写字母、数字或连字符')
    .optional(),
  kind: TaskKind.optional(),
  /** Rows per list (overdue, due soon, recent completions, pending verifications). */
  limit: z.coerce.number({ message: '应为 1–100 的整数' }).int().min(1).max(100).default(10),
  asOf: CalendarDate.optional(),
})
export type TaskSummaryQuery = z.infer<typeof TaskSummaryQuery>

/** Counts of a set of tasks: by state, plus the figures a 督办 board shows. */
export const TaskCounts = z.object({
  total: z.number().int(),
  byState: z.record(TaskDueState, z.number().int()),
  /** done + done-late */
  completed: z.number().int(),
  /** done (按期完成) */
  onTime: z.number().int(),
  overdue: z.number().int(),
  /** onTime / (items due by asOf, completed or not); null when nothing was due yet. */
  onTimeRate: z.number().nullable(),
})
export type TaskCounts = z.infer<typeof TaskCounts>

/** A task or milestone as a list row of the summary. */
export const TaskBrief = Task.pick({
  id: true,
  kind: true,
  number: true,
  title: true,
  planKey: true,
  jurisdictionCode: true,
  pillar: true,
  effectiveDueDate: true,
  completedOn: true,
  dueState: true,
  dueStateLabel: true,
  daysOverdue: true,
  daysLeft: true,
  overdueMilestones: true,
}).extend({ lead: DepartmentBrief.nullable(), latestStage: TaskStage.nullable() })
export type TaskBrief = z.infer<typeof TaskBrief>

export const TaskSummary = z.object({
  asOf: z.string(),
  jurisdiction: z.string().nullable(),
  overall: TaskCounts,
  byKind: z.object({ task: TaskCounts, milestone: TaskCounts }),
  byPillar: z.array(
    TaskCounts.extend({ planKey: z.string(), pillarKey: z.string().nullable(), pillarName: z.string() }),
  ),
  byDepartment: z.array(
    TaskCounts.extend({ departmentId: z.number().int(), departmentName: z.string(), jurisdictionCode: z.string() }),
  ),
  /** Most days overdue first. */
  overdue: z.array(TaskBrief),
  /** Soonest first. */
  dueSoon: z.array(TaskBrief),
  /** Verified completions, newest completion date first. */
  recentCompletions: z.array(TaskBrief),
  /** Claims waiting for verification, oldest first (and how many in all). */
  pendingVerifications: z.array(TaskCompletion),
  pendingVerificationCount: z.number().int(),
})
export type TaskSummary = z.infer<typeof TaskSummary>
