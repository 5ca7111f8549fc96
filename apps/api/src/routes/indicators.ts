import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  IdParam,
  IndicatorDetail,
  IndicatorDetailQuery,
  IndicatorList,
  IndicatorQuery,
  ObservationHistory,
  ObservationQuery,
  ReviewSettingBody,
} from '@cockpit/contracts'
import { getIndicator, listIndicatorPage } from '@cockpit/services/catalog'
import { observationHistory } from '@cockpit/services/status'
import { setReviewSetting } from '@cockpit/services/pipeline'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['指标'],
  summary: '指标列表:基线、目标、约束性/预期性、出处与当前状态(按辖区过滤,按 limit/after 分页)',
  middleware: [requireRole()] as const,
  request: { query: IndicatorQuery },
  responses: { 200: jsonContent(IndicatorList, '指标列表'), 400: errorResponses[400], ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['指标'],
  summary: '一个指标:目标、出处、责任单位、当前状态与关联节点',
  middleware: [requireRole()] as const,
  request: { params: IdParam, query: IndicatorDetailQuery },
  responses: { 200: jsonContent(IndicatorDetail, '指标'), ...errorResponses, ...deniedResponses },
})

const history = createRoute({
  method: 'get',
  path: '/{id}/observations',
  tags: ['指标'],
  summary: '指标的历史数值(每个统计期的全部修订,最新一次有效)',
  middleware: [requireRole()] as const,
  request: { params: IdParam, query: ObservationQuery },
  responses: { 200: jsonContent(ObservationHistory, '历史数值'), ...errorResponses, ...deniedResponses },
})

const reviewSetting = createRoute({
  method: 'patch',
  path: '/{id}/review-setting',
  tags: ['指标', '数值审核'],
  summary: '设置指标的填报数值是否须经审核后才计入(管理员)',
  middleware: [requireRole('admin')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: ReviewSettingBody } }, required: true },
  },
  responses: {
    200: jsonContent(IndicatorDetail, '指标'),
    ...errorResponses,
    401: jsonContent(ApiError, '未认证'),
    403: jsonContent(ApiError, '无权限'),
  },
})

export const indicatorRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid('query')
    return c.json(await listIndicatorPage(serviceContext(c), query, query.asOf), 200)
  })
  .openapi(one, async (c) => {
    const { asOf } = c.req.valid('query')
    return c.json(await getIndicator(serviceContext(c), c.req.valid('param').id, asOf), 200)
  })
  .openapi(history, async (c) =>
    c.json(
      await observationHistory(serviceContext(c), c.req.valid('param').id, c.req.valid('query').jurisdiction),
      200,
    ),
  )
  .openapi(reviewSetting, async (c) => {
    const ctx = serviceContext(c)
    const id = c.req.valid('param').id
    await setReviewSetting(ctx, id, c.req.valid('json').requiresReview)
    return c.json(await getIndicator(ctx, id), 200)
  })
