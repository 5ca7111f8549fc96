import { createRoute } from '@hono/zod-openapi'
import { ApiError, ApiTokenList, ApiTokenQuery, CreatedToken, CreateTokenBody, IdParam } from '@cockpit/contracts'
import { createApiToken, listApiTokens, revokeApiToken } from '@cockpit/services/access'
import { principalOf, requireRole } from '../auth.js'
import { createRouter, jsonContent } from '../router.js'

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
    return c.json(
      {
        items: await listApiTokens(c.get('deps').db, principalOf(c), {
          departmentId: q.department,
          revoked: q.revoked === undefined ? undefined : q.revoked === 'true',
        }),
      },
      200,
    )
  })
  .openapi(create, async (c) => {
    const created = await createApiToken(c.get('deps').db, principalOf(c), c.req.valid('json'), c.get('requestId'))
    return c.json(created, 201)
  })
  .openapi(revoke, async (c) => {
    await revokeApiToken(
      c.get('deps').db,
      principalOf(c),
      c.req.valid('param').id,
      c.get('deps').now(),
      c.get('requestId'),
    )
    return c.body(null, 204)
  })
