import { createRoute } from '@hono/zod-openapi'
import { AdminDepartment, AdminDepartmentCreate, AdminDepartmentUpdate, IdParam } from '@cockpit/contracts'
import { createDepartment, departmentContacts, getDepartment, updateDepartment } from '@cockpit/services/catalog'
import type { Context } from 'hono'
import type { AppEnv } from '../env.js'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, jsonBody, serviceContext } from './route-helpers.js'

const tags = ['管理:责任单位']
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: '新建责任单位(所属行政区划、联系人手机号)',
  middleware: adminOnly,
  request: jsonBody(AdminDepartmentCreate),
  responses: { 201: jsonContent(AdminDepartment, '已创建'), ...adminErrors },
})
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: '修改责任单位名称与联系人',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminDepartmentUpdate) },
  responses: { 200: jsonContent(AdminDepartment, '已修改'), ...adminErrors },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: '责任单位(含联系人手机号)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(AdminDepartment, '责任单位'), ...adminErrors },
})

const view = async (c: Context<AppEnv>, id: number) => ({
  ...(await getDepartment(serviceContext(c), id)),
  contactMobiles: await departmentContacts(c.get('deps').db, id),
})

export const adminDepartmentRoutes = createRouter()
  .openapi(one, async (c) => c.json(await view(c, c.req.valid('param').id), 200))
  .openapi(create, async (c) =>
    c.json(await view(c, await createDepartment(serviceContext(c), c.req.valid('json'))), 201),
  )
  .openapi(update, async (c) => {
    const id = await updateDepartment(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))
    return c.json(await view(c, id), 200)
  })
