import { createRoute } from '@hono/zod-openapi'
import { JurisdictionDetail, JurisdictionParam, JurisdictionTree } from '@cockpit/contracts'
import { getJurisdiction, jurisdictionTree, readScope } from '@cockpit/services/kernel'
import { principalOf, requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'

const tree = createRoute({
  method: 'get',
  path: '/',
  tags: ['行政区划'],
  summary: '行政区划树(省 → 市 → 县;按辖区裁剪)',
  middleware: [requireRole()] as const,
  responses: { 200: jsonContent(JurisdictionTree, '行政区划树'), ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{code}',
  tags: ['行政区划'],
  summary: '一个行政区划,含上级链与直接下级',
  middleware: [requireRole()] as const,
  request: { params: JurisdictionParam },
  responses: { 200: jsonContent(JurisdictionDetail, '行政区划'), ...errorResponses, ...deniedResponses },
})

export const jurisdictionRoutes = createRouter()
  .openapi(tree, async (c) =>
    c.json({ items: await jurisdictionTree(c.get('deps').db, readScope(principalOf(c))) }, 200),
  )
  .openapi(one, async (c) =>
    c.json(await getJurisdiction(c.get('deps').db, c.req.valid('param').code, readScope(principalOf(c))), 200),
  )
