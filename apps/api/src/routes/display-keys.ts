import { createRoute } from '@hono/zod-openapi'
import { CreatedDisplayKey, CreateDisplayKeyBody, DisplayKeyList, IdParam } from '@cockpit/contracts'
import { createDisplayKey, listDisplayKeys, revokeDisplayKey } from '@cockpit/services/access'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { adminOnly, noContent, serviceContext } from './route-helpers.js'

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['接口令牌'],
  summary: '为大屏创建显示密钥(只读,限一个行政区划及其下级;密钥只显示一次)',
  middleware: [adminOnly] as const,
  request: { body: { content: { 'application/json': { schema: CreateDisplayKeyBody } }, required: true } },
  responses: { 201: jsonContent(CreatedDisplayKey, '已创建'), ...errorResponses, ...deniedResponses },
})
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['接口令牌'],
  summary: '大屏显示密钥列表(不含密钥本身)',
  middleware: [adminOnly] as const,
  responses: { 200: jsonContent(DisplayKeyList, '显示密钥'), ...deniedResponses },
})
const revoke = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['接口令牌'],
  summary: '吊销大屏显示密钥',
  middleware: [adminOnly] as const,
  request: { params: IdParam },
  responses: { 204: { description: '已吊销' }, ...errorResponses, ...deniedResponses },
})

export const displayKeyRoutes = createRouter()
  .openapi(create, async (c) => c.json(await createDisplayKey(serviceContext(c), c.req.valid('json')), 201))
  .openapi(list, async (c) => c.json({ items: await listDisplayKeys(serviceContext(c)) }, 200))
  .openapi(revoke, async (c) => noContent(c, revokeDisplayKey(serviceContext(c), c.req.valid('param').id)))
