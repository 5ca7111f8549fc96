import { createRoute } from '@hono/zod-openapi'
import { PlanDetail, PlanKeyParam, PlanList, PlanQuery } from '@cockpit/contracts'
import { readScope } from '@cockpit/services/kernel'
import { getPlan, listPlans } from '@cockpit/services/catalog'
import { principalOf, requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'

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
  .openapi(list, async (c) =>
    c.json({ items: await listPlans(c.get('deps').db, c.req.valid('query'), readScope(principalOf(c))) }, 200),
  )
  .openapi(one, async (c) =>
    c.json(await getPlan(c.get('deps').db, c.req.valid('param').key, readScope(principalOf(c))), 200),
  )
