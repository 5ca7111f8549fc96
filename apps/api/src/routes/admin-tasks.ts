import { createRoute } from '@hono/zod-openapi'
import { AdminTaskUpdate, IdParam, TaskDetail } from '@cockpit/contracts'
import { updateTaskSettings } from '@cockpit/services/tasks'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, jsonBody, serviceContext } from './route-helpers.js'

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['管理:任务'],
  summary: '设置任务的进展报送周期(monthly/quarterly/yearly;null 则随规划)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminTaskUpdate) },
  responses: { 200: jsonContent(TaskDetail, '已修改'), ...adminErrors },
})

export const adminTaskRoutes = createRouter().openapi(update, async (c) =>
  c.json(await updateTaskSettings(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
)
