import { z } from 'zod'
import { JurisdictionCode } from './common.js'

/**
 * Where a reported value stands with review: 'none' when its indicator needs no review (it counts),
 * pending (waits for a manager, does not count yet), approved (counts), returned (never counts; the
 * department may send a corrected value, which waits again).
 */
export const observationReviewStates = ['none', 'pending', 'approved', 'returned'] as const
export const ObservationReviewState = z.enum(observationReviewStates)
export type ObservationReviewState = z.infer<typeof ObservationReviewState>
export const reviewStateLabels: Record<ObservationReviewState, string> = {
  none: '无需审核',
  pending: '待审核',
  approved: '审核通过',
  returned: '已退回',
}

export const reviewStates = ['pending', 'approved', 'returned'] as const
export const ReviewState = z.enum(reviewStates, { message: '审核状态应为 pending、approved 或 returned' })
export type ReviewState = z.infer<typeof ReviewState>

export const ReviewQuery = z.object({
  state: ReviewState.default('pending'),
  /** This jurisdiction and those below it (managers: within their own). */
  jurisdiction: JurisdictionCode.optional(),
  limit: z.coerce.number({ message: '应为 1–500 的整数' }).int().min(1).max(500).default(100),
})
export type ReviewQuery = z.infer<typeof ReviewQuery>

export const Review = z.object({
  /** The observation revision's id. */
  id: z.string(),
  indicatorId: z.number().int(),
  indicatorCode: z.string(),
  indicatorName: z.string(),
  unit: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  periodKey: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  reportedAt: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  submissionId: z.string().nullable(),
  state: ReviewState,
  stateLabel: z.string(),
  comment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
})
export type Review = z.infer<typeof Review>
export const ReviewList = z.object({ items: z.array(Review) })

export const ReviewIdParam = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, '审核编号应为正整数') })

export const ReturnReviewBody = z.strictObject({
  comment: z
    .string({ message: '退回时必须填写退回意见' })
    .trim()
    .min(1, '退回时必须填写退回意见,说明数值哪里有问题、应如何修改')
    .max(500, '退回意见不超过500字'),
})
export const ApproveReviewBody = z.strictObject({
  comment: z.string().trim().max(500, '审核意见不超过500字').optional(),
})
export type ApproveReviewBody = z.infer<typeof ApproveReviewBody>

export const ReviewSettingBody = z.strictObject({
  requiresReview: z.boolean({ message: 'requiresReview 应为 true 或 false' }),
})

/** One item of a submission that needed review, as its reporter sees it. */
export const SubmissionItemReview = z.object({
  /** The item's row (JSON position or spreadsheet row). */
  row: z.number().int().nullable(),
  observationId: z.string(),
  indicatorId: z.number().int(),
  jurisdictionCode: z.string(),
  periodKey: z.string(),
  value: z.number(),
  state: ReviewState,
  stateLabel: z.string(),
  comment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
})
export type SubmissionItemReview = z.infer<typeof SubmissionItemReview>
