import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  IdParam,
  ReopenTaskBody,
  TaskCompletionAccepted,
  TaskCompletionClaimBody,
  TaskDetail,
  TaskDetailQuery,
  TaskList,
  TaskProgressAccepted,
  TaskProgressBody,
  TaskQuery,
  TaskSummary,
  TaskSummaryQuery,
} from '@cockpit/contracts'
import {
  claimTaskCompletion,
  getTask,
  listTasks,
  reopenTask,
  reportTaskProgress,
  taskSummary,
} from '@cockpit/services/tasks'
import { readScope } from '@cockpit/services/kernel'
import type { Context } from 'hono'
import { asOfDate } from '../as-of.js'
import { principalOf, requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { committed, jsonBody, limitBody, serviceContext } from './route-helpers.js'
import { IdempotencyHeaders } from './submissions.js'

const tags = ['任务与节点']
// Texts are at most a few thousand characters; anything near this is not a progress report.
const MAX_TASK_JSON_BYTES = 64 * 1024
const limitTaskBody = limitBody(MAX_TASK_JSON_BYTES, `请求体超过 ${MAX_TASK_JSON_BYTES / 1024} KB 上限`)
const writeErrors = {
  ...errorResponses,
  ...deniedResponses,
  409: jsonContent(ApiError, '冲突(Idempotency-Key 已用于不同内容,或状态不允许)'),
  413: jsonContent(ApiError, '请求体过大'),
} as const

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    '重点任务与时间节点:牵头/配合单位、到期状态(未到期/临期/逾期未完成/按期完成/逾期完成/无进展/暂缓)、最新进展与待审核销号',
  middleware: [requireRole()] as const,
  request: { query: TaskQuery },
  responses: { 200: jsonContent(TaskList, '任务列表'), 400: errorResponses[400], ...deniedResponses },
})
const summary = createRoute({
  method: 'get',
  path: '/summary',
  tags,
  summary: '任务督办汇总:按状态、板块、牵头单位计数,逾期、临期、近期完成与待审核销号清单(大屏与督办页共用)',
  middleware: [requireRole()] as const,
  request: { query: TaskSummaryQuery },
  responses: { 200: jsonContent(TaskSummary, '汇总'), 400: errorResponses[400], ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: '一个任务:下属节点、逐期进展(牵头单位在前,配合单位附后,含历次修订)与销号记录',
  middleware: [requireRole()] as const,
  request: { params: IdParam, query: TaskDetailQuery },
  responses: { 200: jsonContent(TaskDetail, '任务'), ...errorResponses, ...deniedResponses },
})
const progress = createRoute({
  method: 'post',
  path: '/{id}/progress',
  tags,
  summary: '报送任务进展(牵头或配合单位;滞后、暂缓须说明原因;可附佐证材料;支持 Idempotency-Key)',
  middleware: [requireRole('admin', 'reporter'), limitTaskBody] as const,
  request: { params: IdParam, headers: IdempotencyHeaders, ...jsonBody(TaskProgressBody) },
  responses: {
    201: jsonContent(TaskProgressAccepted, '已保存'),
    200: jsonContent(TaskProgressAccepted, '重复请求:返回首次保存的结果'),
    ...writeErrors,
  },
})
const claim = createRoute({
  method: 'post',
  path: '/{id}/completion',
  tags,
  summary: '牵头单位申请销号(声明完成日期,待分管领导审核;支持 Idempotency-Key)',
  middleware: [requireRole('admin', 'reporter'), limitTaskBody] as const,
  request: { params: IdParam, headers: IdempotencyHeaders, ...jsonBody(TaskCompletionClaimBody) },
  responses: {
    201: jsonContent(TaskCompletionAccepted, '已提交,待审核'),
    200: jsonContent(TaskCompletionAccepted, '重复请求:返回首次提交的申请'),
    ...writeErrors,
  },
})
const reopen = createRoute({
  method: 'post',
  path: '/{id}/reopen',
  tags,
  summary: '撤销销号(须说明原因):任务重新计为未完成',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { params: IdParam, ...jsonBody(ReopenTaskBody) },
  responses: { 200: jsonContent(TaskDetail, '已撤销'), ...writeErrors },
})

/** The Idempotency-Key of a write (validated by `IdempotencyHeaders` before the handler runs). */
const idempotency = (c: Context<AppEnv>) => ({ idempotencyKey: c.req.header('idempotency-key') })

export const taskRoutes = createRouter()
  .openapi(list, async (c) => {
    const items = await listTasks(serviceContext(c), c.req.valid('query'))
    return c.json({ items, total: items.length }, 200)
  })
  .openapi(summary, async (c) => {
    const query = c.req.valid('query')
    return c.json(await taskSummary(c.get('deps').db, query, asOfDate(c, query.asOf), readScope(principalOf(c))), 200)
  })
  .openapi(one, async (c) => {
    const { asOf } = c.req.valid('query')
    return c.json(
      await getTask(c.get('deps').db, c.req.valid('param').id, asOfDate(c, asOf), readScope(principalOf(c))),
      200,
    )
  })
  .openapi(progress, async (c) => {
    const { id } = c.req.valid('param')
    const result = await committed(c, reportTaskProgress(serviceContext(c), id, c.req.valid('json'), idempotency(c)))
    return result.replayed ? c.json(result, 200) : c.json(result, 201)
  })
  .openapi(claim, async (c) => {
    const { id } = c.req.valid('param')
    const result = await committed(c, claimTaskCompletion(serviceContext(c), id, c.req.valid('json'), idempotency(c)))
    return result.replayed ? c.json(result, 200) : c.json(result, 201)
  })
  .openapi(reopen, async (c) =>
    c.json(await committed(c, reopenTask(serviceContext(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  )
