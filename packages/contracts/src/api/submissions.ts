import { z } from 'zod'
import { DepartmentRole, TaskKind, TaskStage } from '../domain-enums.js'
import { JurisdictionCode } from './common.js'
import { SubmissionItemReview } from './reviews.js'

/** An indicator by numeric id or by its code "<plan key>/<indicator key>" (as in the Excel template). */
export const IndicatorRef = z.union([
  z.number().int().positive(),
  z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, '指标编码应为「规划标识/指标标识」,如 nanchang-2023/fsm-zwxt-sly'),
])

export const SubmitItem = z.strictObject({
  indicator: IndicatorRef,
  /** Defaults to the indicator's own jurisdiction; a jurisdiction below it may report its own value. */
  jurisdiction: JurisdictionCode.optional(),
  /** "2025-03", "2025-Q1", "2025", or as people write it ("2025年第一季度"). */
  period: z.union([z.string().min(1).max(32), z.number().int()]),
  /** A number, or text as people type it ("80%", "８０", "5万"); normalised by the worker. */
  value: z.union([z.number(), z.string().min(1).max(64)]),
  note: z.string().max(500, '备注不超过500字').optional(),
  /** Why a value is corrected; required to change a locked period. */
  reason: z.string().max(500, '修改原因不超过500字').optional(),
  /** An evidence file (佐证材料) uploaded first by the same department (POST /api/v1/evidence). */
  evidenceId: z.string().uuid('佐证材料编号应为 UUID').optional(),
})
export type SubmitItem = z.infer<typeof SubmitItem>

export const MAX_ITEMS_PER_SUBMISSION = 5000

export const SubmitValuesBody = z.strictObject({
  items: z
    .array(SubmitItem)
    .min(1, '至少提交一条数据')
    .max(MAX_ITEMS_PER_SUBMISSION, `一次最多提交${MAX_ITEMS_PER_SUBMISSION}条数据`),
  /** Reject the whole submission when any item is bad (default: accept the good ones). */
  allOrNothing: z.boolean().optional(),
})
export type SubmitValuesBody = z.infer<typeof SubmitValuesBody>

export const submissionStates = ['received', 'processing', 'processed', 'failed'] as const
export const SubmissionState = z.enum(submissionStates)
export const submissionStateLabels: Record<z.infer<typeof SubmissionState>, string> = {
  received: '已接收,排队中',
  processing: '处理中',
  processed: '已处理',
  failed: '处理失败',
}

export const SubmissionAccepted = z.object({
  id: z.string().uuid(),
  state: SubmissionState,
  itemCount: z.number().int(),
  /** True when this Idempotency-Key was seen before: nothing new was stored. */
  replayed: z.boolean(),
})
export type SubmissionAccepted = z.infer<typeof SubmissionAccepted>

export const SubmissionError = z.object({
  /** The item's 1-based position in a JSON batch, or the spreadsheet's own row number. */
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  /** The worksheet, for a row of a sheet other than the main one (任务进展); absent otherwise. */
  sheet: z.string().optional(),
})

export const Submission = z.object({
  id: z.string(),
  channel: z.enum(['api', 'upload', 'form', 'pull', 'import']),
  departmentId: z.number().int().nullable(),
  state: SubmissionState,
  stateLabel: z.string(),
  fileName: z.string().nullable(),
  allOrNothing: z.boolean(),
  itemCount: z.number().int(),
  acceptedCount: z.number().int(),
  unchangedCount: z.number().int(),
  rejectedCount: z.number().int(),
  errors: z.array(SubmissionError),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  /** Items whose indicator needs review: pending, approved, or returned with the manager's comment. */
  reviews: z.array(SubmissionItemReview),
})
export type Submission = z.infer<typeof Submission>
export const SubmissionList = z.object({ items: z.array(Submission) })
export const SubmissionIdParam = z.object({ id: z.string().uuid('提交编号应为 UUID') })
export const SubmissionListQuery = z.object({
  state: SubmissionState.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** One row of an upload preview that ingest would accept, as it would be stored. */
export const SubmissionPreviewRow = z.object({
  row: z.number().int(),
  indicatorId: z.number().int(),
  indicatorCode: z.string(),
  indicatorName: z.string(),
  unit: z.string(),
  jurisdictionCode: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  /** new: would become a new revision; unchanged: equals the value already in force (nothing written). */
  outcome: z.enum(['new', 'unchanged']),
  /** The value would wait for a manager's approval before it counts. */
  needsReview: z.boolean(),
})
export type SubmissionPreviewRow = z.infer<typeof SubmissionPreviewRow>

/** One row of the 任务进展 sheet that would become a progress report (the revision in force for its task, department and period). */
export const SubmissionPreviewTaskRow = z.object({
  row: z.number().int(),
  taskId: z.number().int(),
  taskCode: z.string(),
  kind: TaskKind,
  number: z.string().nullable(),
  title: z.string(),
  /** The uploading department's role on the task. */
  role: DepartmentRole,
  periodKey: z.string(),
  periodLabel: z.string(),
  stage: TaskStage,
  stageLabel: z.string(),
  percent: z.number().int().nullable(),
  /** new: a new revision; unchanged: equals the department's report in force for that period (nothing written). */
  outcome: z.enum(['new', 'unchanged']),
})
export type SubmissionPreviewTaskRow = z.infer<typeof SubmissionPreviewTaskRow>

/**
 * A name the file used instead of a code (指标名称, 地区) and what it was matched to, once per distinct
 * text with the number of rows that used it, so the reporter can confirm before uploading.
 */
export const SubmissionNameMatch = z.object({
  kind: z.enum(['indicator', 'jurisdiction']),
  /** As written in the file. */
  name: z.string(),
  /** Indicator code (规划标识/指标标识) or jurisdiction code. */
  code: z.string(),
  /** The matched indicator's or jurisdiction's own name. */
  matchedName: z.string(),
  rows: z.number().int(),
})
export type SubmissionNameMatch = z.infer<typeof SubmissionNameMatch>

/** Counts of one kind of row in an upload. */
export const SubmissionRowCounts = z.object({
  itemCount: z.number().int(),
  newCount: z.number().int(),
  unchangedCount: z.number().int(),
  rejectedCount: z.number().int(),
})

/**
 * What uploading the file would do, computed by the worker's own checks; nothing is stored. The
 * counts cover every row (indicator values and task progress, as the stored submission's do);
 * `tasks` gives the 任务进展 sheet's share of them.
 */
export const SubmissionPreview = z.object({
  fileName: z.string(),
  itemCount: z.number().int(),
  newCount: z.number().int(),
  unchangedCount: z.number().int(),
  rejectedCount: z.number().int(),
  rows: z.array(SubmissionPreviewRow),
  /** Rows of the 任务进展 sheet that would be stored or are unchanged. */
  taskRows: z.array(SubmissionPreviewTaskRow),
  tasks: SubmissionRowCounts,
  /** Names matched to codes (a file with 指标名称 / 地区 instead of codes); names that matched nothing are row errors. */
  matches: z.array(SubmissionNameMatch),
  errors: z.array(SubmissionError),
  warnings: z.array(z.string()),
})
export type SubmissionPreview = z.infer<typeof SubmissionPreview>
