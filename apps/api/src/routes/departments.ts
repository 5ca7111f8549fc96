import { createRoute } from '@hono/zod-openapi'
import { ApiError, Department, DepartmentList, DepartmentQuery, IdParam } from '@cockpit/contracts'
import { getDepartment, listDepartments } from '@cockpit/services/catalog'
import { departmentTemplate } from '@cockpit/services/pipeline'
import { asOfDate } from '../as-of.js'
import { principalOf, requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['责任单位'],
  summary: '责任单位(牵头/配合单位)列表',
  middleware: [requireRole()] as const,
  request: { query: DepartmentQuery },
  responses: { 200: jsonContent(DepartmentList, '责任单位列表'), 400: errorResponses[400], ...deniedResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['责任单位'],
  summary: '一个责任单位',
  middleware: [requireRole()] as const,
  request: { params: IdParam },
  responses: { 200: jsonContent(Department, '责任单位'), ...errorResponses, ...deniedResponses },
})

const template = createRoute({
  method: 'get',
  path: '/{id}/template',
  tags: ['责任单位', '数据填报'],
  summary: '下载本单位 Excel 填报模板(预填本单位指标与应报统计期)',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'xlsx 文件',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
      },
    },
    403: jsonContent(ApiError, '无权下载'),
    404: jsonContent(ApiError, '不存在'),
  },
})

export const departmentRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listDepartments(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getDepartment(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(template, async (c) => {
    const { db, now } = c.get('deps')
    const file = await departmentTemplate(db, principalOf(c), c.req.valid('param').id, asOfDate(c, undefined), now())
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    })
  })
