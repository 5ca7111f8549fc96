import { createRoute } from '@hono/zod-openapi'
import { IdParam, IndicatorDetailQuery, TaskDetail, TaskList, TaskQuery } from '@cockpit/contracts'
import { getTask, listTasks, readScope } from '@cockpit/services'
import { asOfDate } from '../as-of.js'
import { principalOf, requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['任务与节点'],
  summary: '重点任务与时间节点,含牵头/配合单位与到期状态',
  middleware: [requireRole()] as const,
  request: { query: TaskQuery },
  responses: { 200: jsonContent(TaskList, '任务列表'), 400: errorResponses[400], ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['任务与节点'],
  summary: '一个任务及其下属节点',
  middleware: [requireRole()] as const,
  request: { params: IdParam, query: IndicatorDetailQuery },
  responses: { 200: jsonContent(TaskDetail, '任务'), ...errorResponses, ...deniedResponses },
})

export const taskRoutes = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid('query')
    const items = await listTasks(c.get('deps').db, query, asOfDate(c, query.asOf), readScope(principalOf(c)))
    return c.json({ items, total: items.length }, 200)
  })
  .openapi(one, async (c) => {
    const { asOf } = c.req.valid('query')
    return c.json(await getTask(c.get('deps').db, c.req.valid('param').id, asOfDate(c, asOf), readScope(principalOf(c))), 200)
  })
