import { createRoute } from '@hono/zod-openapi'
import { ApiError, ApiTokenList, ApiTokenQuery, CreatedToken, CreateTokenBody, IdParam } from '@cockpit/contracts'
import { createApiToken, listApiTokens, revokeApiToken } from '@cockpit/services/access'
import { requireRole } from '../auth.js'
import { createRouter, jsonContent } from '../router.js'
import { noContent, serviceContext } from './route-helpers.js'

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['接口令牌'],
  summary: '为责任单位创建接口令牌(只显示一次)',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { body: { content: { 'application/json': { schema: CreateTokenBody } }, required: true } },
  responses: {
    201: jsonContent(CreatedToken, '已创建'),
    400: jsonContent(ApiError, '请求无效'),
    403: jsonContent(ApiError, '无权限'),
  },
})
const revoke = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['接口令牌'],
  summary: '吊销接口令牌',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { params: IdParam },
  responses: {
    204: { description: '已吊销' },
    403: jsonContent(ApiError, '无权限'),
    404: jsonContent(ApiError, '不存在'),
  },
})

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['接口令牌'],
  summary: '接口令牌列表(不含令牌本身;填报员只看到本单位的)',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { query: ApiTokenQuery },
  responses: {
    200: jsonContent(ApiTokenList, '令牌列表'),
    400: jsonContent(ApiError, '请求无效'),
    403: jsonContent(ApiError, '无权限'),
  },
})

export const tokenRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query')
    const revoked = q.revoked === undefined ? undefined : q.revoked === 'true'
    return c.json({ items: await listApiTokens(serviceContext(c), { departmentId: q.department, revoked }) }, 200)
  })
  .openapi(create, async (c) => c.json(await createApiToken(serviceContext(c), c.req.valid('json')), 201))
  .openapi(revoke, async (c) => noContent(c, revokeApiToken(serviceContext(c), c.req.valid('param').id)))
