import { createRoute } from '@hono/zod-openapi'
import {
  AdminDepartmentLinks,
  AdminIndicatorCreate,
  AdminRollupInput,
  AdminIndicatorUpdate,
  AdminTargetInput,
  AdminTargetUpdate,
  IdParam,
  IndicatorDetail,
  type StatusChange,
  TargetIdParam,
} from '@cockpit/contracts'
import {
  createIndicator,
  createTarget,
  deleteIndicator,
  deleteRollup,
  deleteTarget,
  setRollup,
  getIndicator,
  setIndicatorDepartments,
  updateIndicator,
  updateTarget,
} from '@cockpit/services/catalog'
import type { ServiceContext } from '@cockpit/services/kernel'
import type { Context } from 'hono'
import type { AppEnv } from '../env.js'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, followStatusChanges, jsonBody, serviceContext } from './route-helpers.js'

const tags = ['管理:指标']
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: '新建指标(含目标与责任单位)',
  middleware: adminOnly,
  request: jsonBody(AdminIndicatorCreate),
  responses: { 201: jsonContent(IndicatorDetail, '已创建'), ...adminErrors },
})
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: '修改指标(名称、单位、计量方式、方向、性质、周期、板块、基期、出处)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminIndicatorUpdate) },
  responses: { 200: jsonContent(IndicatorDetail, '已修改,状态已重算'), ...adminErrors },
})
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: '删除指标(已有上报数据的指标不能删除)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 204: { description: '已删除' }, ...adminErrors },
})
const addTarget = createRoute({
  method: 'post',
  path: '/{id}/targets',
  tags,
  summary: '新增目标(年份须在规划期内)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminTargetInput) },
  responses: { 201: jsonContent(IndicatorDetail, '已新增,状态已重算'), ...adminErrors },
})
const editTarget = createRoute({
  method: 'patch',
  path: '/{id}/targets/{targetId}',
  tags,
  summary: '修改目标(立即重算指标状态并触发告警评估)',
  middleware: adminOnly,
  request: { params: TargetIdParam, ...jsonBody(AdminTargetUpdate) },
  responses: { 200: jsonContent(IndicatorDetail, '已修改,状态已重算'), ...adminErrors },
})
const removeTarget = createRoute({
  method: 'delete',
  path: '/{id}/targets/{targetId}',
  tags,
  summary: '删除目标(唯一的目标不能删除)',
  middleware: adminOnly,
  request: { params: TargetIdParam },
  responses: { 200: jsonContent(IndicatorDetail, '已删除,状态已重算'), ...adminErrors },
})
const departments = createRoute({
  method: 'put',
  path: '/{id}/departments',
  tags,
  summary: '设置牵头/配合单位(整体替换)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminDepartmentLinks) },
  responses: { 200: jsonContent(IndicatorDetail, '已设置'), ...adminErrors },
})
const putRollup = createRoute({
  method: 'put',
  path: '/{id}/rollup',
  tags,
  summary: '设置汇总规则(本级数值由直属下级数值汇总得出;立即汇总已有各期并重算状态)',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminRollupInput) },
  responses: { 200: jsonContent(IndicatorDetail, '已设置,已汇总并重算状态'), ...adminErrors },
})
const removeRollup = createRoute({
  method: 'delete',
  path: '/{id}/rollup',
  tags,
  summary: '取消汇总规则(已汇总的数值保留在历史中,本级恢复直接填报)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(IndicatorDetail, '已取消'), ...adminErrors },
})

/** The indicator as the admin pages show it after a write, once the write's status changes are followed. */
async function afterWrite(c: Context<AppEnv>, ctx: ServiceContext, id: number, changes: StatusChange[] = []) {
  await followStatusChanges(c, changes)
  return getIndicator(ctx, id)
}

export const adminIndicatorRoutes = createRouter()
  .openapi(create, async (c) => {
    const ctx = serviceContext(c)
    const r = await createIndicator(ctx, c.req.valid('json'))
    return c.json(await afterWrite(c, ctx, r.id, r.changes), 201)
  })
  .openapi(update, async (c) => {
    const ctx = serviceContext(c)
    const r = await updateIndicator(ctx, c.req.valid('param').id, c.req.valid('json'))
    return c.json(await afterWrite(c, ctx, r.id, r.changes), 200)
  })
  .openapi(remove, async (c) => {
    await deleteIndicator(serviceContext(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(addTarget, async (c) => {
    const ctx = serviceContext(c)
    const { id } = c.req.valid('param')
    const r = await createTarget(ctx, id, c.req.valid('json'))
    return c.json(await afterWrite(c, ctx, id, r.changes), 201)
  })
  .openapi(editTarget, async (c) => {
    const ctx = serviceContext(c)
    const { id, targetId } = c.req.valid('param')
    const r = await updateTarget(ctx, id, targetId, c.req.valid('json'))
    return c.json(await afterWrite(c, ctx, id, r.changes), 200)
  })
  .openapi(removeTarget, async (c) => {
    const ctx = serviceContext(c)
    const { id, targetId } = c.req.valid('param')
    const r = await deleteTarget(ctx, id, targetId)
    return c.json(await afterWrite(c, ctx, id, r.changes), 200)
  })
  .openapi(departments, async (c) => {
    const ctx = serviceContext(c)
    const { id } = c.req.valid('param')
    await setIndicatorDepartments(ctx, id, c.req.valid('json').departments)
    return c.json(await afterWrite(c, ctx, id), 200)
  })
  .openapi(putRollup, async (c) => {
    const ctx = serviceContext(c)
    const { id } = c.req.valid('param')
    const r = await setRollup(ctx, id, c.req.valid('json'))
    return c.json(await afterWrite(c, ctx, id, r.changes), 200)
  })
  .openapi(removeRollup, async (c) => {
    const ctx = serviceContext(c)
    const { id } = c.req.valid('param')
    await deleteRollup(ctx, id)
    return c.json(await afterWrite(c, ctx, id), 200)
  })
