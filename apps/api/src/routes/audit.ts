import { createRoute } from '@hono/zod-openapi'
import { AuditPage, AuditQuery } from '@cockpit/contracts'
import { listAuditEntries } from '@cockpit/services/access'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, serviceContext } from './route-helpers.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['管理:审计日志'],
  summary: '审计日志(新的在前,按 nextCursor 翻页);某对象的变更历史:?entity=indicator&entityId=12',
  middleware: adminOnly,
  request: { query: AuditQuery },
  responses: {
    200: jsonContent(AuditPage, '审计日志'),
    400: adminErrors[400],
    401: adminErrors[401],
    403: adminErrors[403],
  },
})

export const auditRoutes = createRouter().openapi(list, async (c) =>
  c.json(await listAuditEntries(serviceContext(c), c.req.valid('query')), 200),
)
