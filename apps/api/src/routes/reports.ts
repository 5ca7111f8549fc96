import { createRoute } from '@hono/zod-openapi'
import { ApiError, BulletinQuery } from '@cockpit/contracts'
import { monthlyBulletin } from '@cockpit/services/reports'
import { requireRole } from '../auth.js'
import { createRouter, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const bulletin = createRoute({
  method: 'get',
  path: '/bulletin',
  tags: ['通报'],
  summary: '月度通报 Excel:概览、指标明细(序时进度、差距、状态)、逾期报送、部门报送率,状态按当月最后一天评估',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { query: BulletinQuery },
  responses: {
    200: { description: 'xlsx 文件', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
    400: jsonContent(ApiError, '请求参数无效'),
    401: jsonContent(ApiError, '未认证'),
    403: jsonContent(ApiError, '无权导出'),
    404: jsonContent(ApiError, '行政区划不存在'),
  },
})

export const reportRoutes = createRouter().openapi(bulletin, async (c) => {
  const file = await monthlyBulletin(serviceContext(c), c.req.valid('query'))
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': XLSX,
    // RFC 6266/5987: an ASCII fallback for old clients, the Chinese name as UTF-8 for everyone else.
    'content-disposition': `attachment; filename="${file.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  })
})
