import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  ApproveCompletionBody,
  IdParam,
  ReturnCompletionBody,
  TaskCompletion,
  TaskCompletionList,
  TaskCompletionQuery,
} from '@cockpit/contracts'
import { approveTaskCompletion, listTaskCompletions, returnTaskCompletion } from '@cockpit/services/tasks'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { committed, jsonBody, serviceContext } from './route-helpers.js'

const tags = ['任务与节点']
// Managers decide within their jurisdictions (checked in the service), admins everywhere.
const verifiers = requireRole('admin', 'manager')
const decided = { ...errorResponses, ...deniedResponses, 409: jsonContent(ApiError, '已处理过') } as const

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: '销号申请:待审核(默认,先到先审)、已销号、已退回或已撤销,按辖区(含下级)与部门筛选',
  middleware: [requireRole()] as const,
  request: { query: TaskCompletionQuery },
  responses: { 200: jsonContent(TaskCompletionList, '销号申请'), 400: errorResponses[400], ...deniedResponses },
})
const approve = createRoute({
  method: 'post',
  path: '/{id}/approve',
  tags,
  summary: '审核通过(销号):任务按申请的完成日期计为完成',
  middleware: [verifiers] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: ApproveCompletionBody } }, required: false },
  },
  responses: { 200: jsonContent(TaskCompletion, '已销号'), ...decided },
})
const giveBack = createRoute({
  method: 'post',
  path: '/{id}/return',
  tags,
  summary: '退回销号申请(必须填写意见,牵头单位可见)',
  middleware: [verifiers] as const,
  request: { params: IdParam, ...jsonBody(ReturnCompletionBody) },
  responses: { 200: jsonContent(TaskCompletion, '已退回'), ...decided },
})

export const taskCompletionRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listTaskCompletions(serviceContext(c), c.req.valid('query')), 200))
  .openapi(approve, async (c) => {
    const body = c.req.valid('json') as { comment?: string } | undefined
    return c.json(
      await committed(c, approveTaskCompletion(serviceContext(c), c.req.valid('param').id, body?.comment)),
      200,
    )
  })
  .openapi(giveBack, async (c) => {
    const { comment } = c.req.valid('json')
    return c.json(await committed(c, returnTaskCompletion(serviceContext(c), c.req.valid('param').id, comment)), 200)
  })
