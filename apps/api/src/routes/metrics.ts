import { createRoute, z } from '@hono/zod-openapi'
import { ApiError } from '@cockpit/contracts'
import { requireAdminOrMetricsToken } from '../auth.js'
import { ServiceError } from '@cockpit/services/kernel'
import { createRouter, jsonContent } from '../router.js'

const scrape = createRoute({
  method: 'get',
  path: '/',
  tags: ['系统'],
  summary: '运行指标(Prometheus 文本格式):队列积压、任务耗时与失败、入库延迟、实时连接数、按路由的请求耗时',
  description:
    '供 Prometheus 抓取。以 Authorization: Bearer <METRICS_TOKEN>(部署配置的抓取令牌,只能读取本接口)或管理员身份访问。' +
    '请求耗时按路由模板(如 /api/v1/indicators/:id)统计,不含具体编号;任务耗时与失败为全部后台处理进程的合计(记录在 Redis 中);' +
    '队列与入库延迟在每次抓取时读取。',
  middleware: [requireAdminOrMetricsToken()] as const,
  responses: {
    200: {
      description: 'Prometheus 文本格式(text/plain; version=0.0.4)',
      content: { 'text/plain': { schema: z.string().openapi({ description: 'Prometheus 指标文本' }) } },
    },
    404: jsonContent(ApiError, '本实例未启用运行指标'),
  },
})

export const metricsRoutes = createRouter().openapi(scrape, async (c) => {
  const metrics = c.get('deps').metrics
  if (!metrics) throw new ServiceError('not_found', '本实例未启用运行指标')
  const text = await metrics.render()
  return c.text(text, 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' })
})
