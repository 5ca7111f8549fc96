import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  ApproveReviewBody,
  ReturnReviewBody,
  Review,
  ReviewIdParam,
  ReviewList,
  ReviewQuery,
} from '@cockpit/contracts'
import { approveReview, listReviews, returnReview } from '@cockpit/services/pipeline'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { followStatusChanges, serviceContext } from './route-helpers.js'

const denied = { 400: errorResponses[400], ...deniedResponses, 403: jsonContent(ApiError, '无权审核') } as const
const decided = { ...denied, 404: jsonContent(ApiError, '不存在'), 409: jsonContent(ApiError, '已审核过') } as const
// Managers decide within their jurisdictions (checked in the service), admins everywhere.
const reviewers = requireRole('admin', 'manager')

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['数值审核'],
  summary: '待审核、已通过或已退回的填报数值(分管领导只看本辖区)',
  middleware: [reviewers] as const,
  request: { query: ReviewQuery },
  responses: { 200: jsonContent(ReviewList, '审核列表'), ...denied },
})

const approve = createRoute({
  method: 'post',
  path: '/{id}/approve',
  tags: ['数值审核'],
  summary: '审核通过:数值开始计入状态、告警、预测与序时进度',
  middleware: [reviewers] as const,
  request: {
    params: ReviewIdParam,
    body: { content: { 'application/json': { schema: ApproveReviewBody } }, required: false },
  },
  responses: { 200: jsonContent(Review, '已通过'), ...decided },
})

const giveBack = createRoute({
  method: 'post',
  path: '/{id}/return',
  tags: ['数值审核'],
  summary: '退回(必须填写意见):数值不计入,填报单位可修改后重新报送',
  middleware: [reviewers] as const,
  request: {
    params: ReviewIdParam,
    body: { content: { 'application/json': { schema: ReturnReviewBody } }, required: true },
  },
  responses: { 200: jsonContent(Review, '已退回'), ...decided },
})

export const reviewRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listReviews(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(approve, async (c) => {
    const body = c.req.valid('json') as ApproveReviewBody | undefined
    const { review, changes } = await approveReview(serviceContext(c), c.req.valid('param').id, body?.comment)
    await followStatusChanges(c, changes)
    return c.json(review, 200)
  })
  .openapi(giveBack, async (c) =>
    c.json(await returnReview(serviceContext(c), c.req.valid('param').id, c.req.valid('json').comment), 200),
  )
