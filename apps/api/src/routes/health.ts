import { createRoute } from '@hono/zod-openapi'
import { Health } from '@cockpit/contracts'
import { pingDb } from '@cockpit/db'
import { createRouter, jsonContent } from '../router.js'

const health = createRoute({
  method: 'get',
  path: '/',
  tags: ['系统'],
  summary: '健康检查:服务与数据库是否可用',
  responses: { 200: jsonContent(Health, '正常'), 503: jsonContent(Health, '数据库不可达') },
})

export const healthRoutes = createRouter().openapi(health, async (c) => {
  const { db, dbKind, version, now, clockRate } = c.get('deps')
  const reachable = await pingDb(db)
  const body = { status: reachable ? ('ok' as const) : ('degraded' as const), database: { kind: dbKind, reachable }, version, time: now().toISOString(), clockRate: clockRate ?? 1 }
  return reachable ? c.json(body, 200) : c.json(body, 503)
})
