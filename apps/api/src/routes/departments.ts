import { createRoute } from '@hono/zod-openapi'
import { Department, DepartmentList, DepartmentQuery, IdParam } from '@cockpit/contracts'
import { getDepartment, listDepartments } from '@cockpit/services'
import { createRouter, errorResponses, jsonContent } from '../router.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['责任单位'],
  summary: '责任单位(牵头/配合单位)列表',
  request: { query: DepartmentQuery },
  responses: { 200: jsonContent(DepartmentList, '责任单位列表'), 400: errorResponses[400] },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['责任单位'],
  summary: '一个责任单位',
  request: { params: IdParam },
  responses: { 200: jsonContent(Department, '责任单位'), ...errorResponses },
})

export const departmentRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listDepartments(c.get('deps').db, c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getDepartment(c.get('deps').db, c.req.valid('param').id), 200))
