import { createRoute } from '@hono/zod-openapi'
import {
  AdminJurisdictionCreate,
  AdminJurisdictionUpdate,
  AdminPillar,
  AdminPillarCreate,
  AdminPillarUpdate,
  AdminPlanCreate,
  AdminPlanUpdate,
  IdParam,
  JurisdictionDetail,
  JurisdictionParam,
  PlanDetail,
} from '@cockpit/contracts'
import { getJurisdiction } from '@cockpit/services/kernel'
import {
  createJurisdiction,
  createPillar,
  createPlan,
  deletePillar,
  getPlan,
  updateJurisdiction,
  updatePillar,
  updatePlan,
} from '@cockpit/services/catalog'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, jsonBody, serviceContext } from './route-helpers.js'

const jTags = ['管理:行政区划']
const jCreate = createRoute({
  method: 'post',
  path: '/',
  tags: jTags,
  summary: '新建行政区划(6位代码,上级须存在)',
  middleware: adminOnly,
  request: jsonBody(AdminJurisdictionCreate),
  responses: { 201: jsonContent(JurisdictionDetail, '已创建'), ...adminErrors },
})
const jUpdate = createRoute({
  method: 'patch',
  path: '/{code}',
  tags: jTags,
  summary: '修改名称、级别或上级(不能形成循环)',
  middleware: adminOnly,
  request: { params: JurisdictionParam, ...jsonBody(AdminJurisdictionUpdate) },
  responses: { 200: jsonContent(JurisdictionDetail, '已修改'), ...adminErrors },
})

export const adminJurisdictionRoutes = createRouter()
  .openapi(jCreate, async (c) => {
    const code = await createJurisdiction(serviceContext(c), c.req.valid('json'))
    return c.json(await getJurisdiction(c.get('deps').db, code, null), 201)
  })
  .openapi(jUpdate, async (c) => {
    const code = await updateJurisdiction(serviceContext(c), c.req.valid('param').code, c.req.valid('json'))
    return c.json(await getJurisdiction(c.get('deps').db, code, null), 200)
  })

const pTags = ['管理:规划']
const pCreate = createRoute({
  method: 'post',
  path: '/',
  tags: pTags,
  summary: '新建规划(起始年份不晚于截止年份)',
  middleware: adminOnly,
  request: jsonBody(AdminPlanCreate),
  responses: { 201: jsonContent(PlanDetail, '已创建'), ...adminErrors },
})
const pUpdate = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: pTags,
  summary: '修改规划(缩短规划期时,已有目标须仍在期内)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminPlanUpdate) },
  responses: { 200: jsonContent(PlanDetail, '已修改'), ...adminErrors },
})
const xCreate = createRoute({
  method: 'post',
  path: '/{id}/pillars',
  tags: pTags,
  summary: '在规划中新建板块',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminPillarCreate) },
  responses: { 201: jsonContent(AdminPillar, '已创建'), ...adminErrors },
})

export const adminPlanRoutes = createRouter()
  .openapi(pCreate, async (c) => {
    const ctx = serviceContext(c)
    return c.json(await getPlan(ctx, await createPlan(ctx, c.req.valid('json'))), 201)
  })
  .openapi(pUpdate, async (c) => {
    const ctx = serviceContext(c)
    return c.json(await getPlan(ctx, await updatePlan(ctx, c.req.valid('param').id, c.req.valid('json'))), 200)
  })
  .openapi(xCreate, async (c) =>
    c.json(await createPillar(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )

const xUpdate = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: pTags,
  summary: '修改板块',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminPillarUpdate) },
  responses: { 200: jsonContent(AdminPillar, '已修改'), ...adminErrors },
})
const xDelete = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: pTags,
  summary: '删除板块(仍有指标或任务时 409)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 204: { description: '已删除' }, ...adminErrors },
})

export const adminPillarRoutes = createRouter()
  .openapi(xUpdate, async (c) =>
    c.json(await updatePillar(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(xDelete, async (c) => {
    await deletePillar(serviceContext(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
