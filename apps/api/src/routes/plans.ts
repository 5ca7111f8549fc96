import { createRoute } from '@hono/zod-openapi'
import { PlanDetail, PlanKeyParam, PlanList, PlanQuery } from '@cockpit/contracts'
import { getPlan, listPlans } from '@cockpit/services/catalog'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['规划'],
  summary: '规划文件列表',
  middleware: [requireRole()] as const,
  request: { query: PlanQuery },
  responses: { 200: jsonContent(PlanList, '规划列表'), 400: errorResponses[400], ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{key}',
  tags: ['规划'],
  summary: '一个规划及其板块(章节)',
  middleware: [requireRole()] as const,
  request: { params: PlanKeyParam },
  responses: { 200: jsonContent(PlanDetail, '规划'), ...errorResponses, ...deniedResponses },
})

export const planRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listPlans(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getPlan(serviceContext(c), c.req.valid('param').key), 200))
