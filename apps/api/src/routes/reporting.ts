import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  CreateSourceBody,
  DueReports,
  DueReportsQuery,
  IdParam,
  IndicatorSource,
  IndicatorSourceList,
  OverdueQuery,
  OverdueReports,
  ReminderList,
  ReminderQuery,
  ReportingRates,
  ReportingRatesQuery,
  SendReminderBody,
  SentReminder,
} from '@cockpit/contracts'
import {
  createSource,
  deleteSource,
  dueReports,
  listReminders,
  listSources,
  overdueReports,
  reportingRates,
  reportingScope,
  sendReminder,
} from '@cockpit/services/reporting'
import { asOfDate } from '../as-of.js'
import type { Context } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { adminOnly, serviceContext } from './route-helpers.js'

const denied = { 400: errorResponses[400], ...deniedResponses, 403: jsonContent(ApiError, '无权查看') } as const
// Admins see everything, managers and viewers their jurisdictions, a reporter (or a department token)
// only its own department (see reportingScope).
const readers = requireRole('admin', 'manager', 'viewer', 'reporter')

const rates = createRoute({
  method: 'get',
  path: '/rates',
  tags: ['报送纪律'],
  summary: '各责任单位的报送率:应报、按时、逾期报送、缺报(按时报送率 = 按时 / 应报);指标与重点任务进展分列并合计',
  middleware: [readers] as const,
  request: { query: ReportingRatesQuery },
  responses: { 200: jsonContent(ReportingRates, '报送率'), ...denied },
})

const overdue = createRoute({
  method: 'get',
  path: '/overdue',
  tags: ['报送纪律'],
  summary: '已过报送期限仍未报送的统计期(逾期、缺报),最近到期的在前',
  middleware: [readers] as const,
  request: { query: OverdueQuery },
  responses: { 200: jsonContent(OverdueReports, '逾期未报'), ...denied },
})

const reminders = createRoute({
  method: 'get',
  path: '/reminders',
  tags: ['报送纪律'],
  summary: '报送提醒(即将到期、已逾期),填报员只看本单位',
  middleware: [readers] as const,
  request: { query: ReminderQuery },
  responses: { 200: jsonContent(ReminderList, '提醒'), ...denied },
})

const remind = createRoute({
  method: 'post',
  path: '/reminders',
  tags: ['报送纪律'],
  summary: '一键催报:向责任单位发送一条逾期未报(指标数据或重点任务进展)的站内催报(同一统计期短时间内不重复发送)',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { body: { content: { 'application/json': { schema: SendReminderBody } }, required: true } },
  responses: {
    201: jsonContent(SentReminder, '已催报'),
    ...denied,
    404: jsonContent(ApiError, '不存在或不在辖区内'),
    409: jsonContent(ApiError, '已报送、未逾期,或刚催报过'),
  },
})

const due = createRoute({
  method: 'get',
  path: '/due',
  tags: ['报送纪律'],
  summary: '各指标与重点任务当前应报的统计期、报送期限与状态,及以往按时/逾期/缺报次数(按牵头单位)',
  middleware: [readers] as const,
  request: { query: DueReportsQuery },
  responses: { 200: jsonContent(DueReports, '当前应报'), ...denied },
})

/** What the caller may see of reporting discipline, narrowed by the query's jurisdiction and department. */
const scopeOf = (c: Context<AppEnv>, q: { jurisdiction?: string | undefined; department?: number | undefined }) =>
  reportingScope(serviceContext(c), { jurisdiction: q.jurisdiction, departmentId: q.department })

export const reportingRoutes = createRouter()
  .openapi(due, async (c) => {
    const q = c.req.valid('query')
    const asOf = asOfDate(c, q.asOf)
    return c.json(
      { asOf, items: await dueReports(c.get('deps').db, await scopeOf(c, q), { asOf, subject: q.subject }) },
      200,
    )
  })
  .openapi(rates, async (c) => {
    const q = c.req.valid('query')
    const asOf = asOfDate(c, q.asOf)
    const opts = { periodFrom: q.periodFrom, periodTo: q.periodTo, asOf, subject: q.subject }
    return c.json({ asOf, ...(await reportingRates(c.get('deps').db, await scopeOf(c, q), opts)) }, 200)
  })
  .openapi(overdue, async (c) => {
    const q = c.req.valid('query')
    const asOf = asOfDate(c, q.asOf)
    const opts = { asOf, limit: q.limit, subject: q.subject }
    return c.json({ asOf, ...(await overdueReports(c.get('deps').db, await scopeOf(c, q), opts)) }, 200)
  })
  .openapi(reminders, async (c) => {
    const q = c.req.valid('query')
    const opts = { kind: q.kind, limit: q.limit, subject: q.subject }
    return c.json({ items: await listReminders(c.get('deps').db, await scopeOf(c, q), opts) }, 200)
  })
  .openapi(remind, async (c) => c.json(await sendReminder(serviceContext(c), c.req.valid('json')), 201))

const createSourceRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['外部数据源'],
  summary: '为指标绑定外部数据源(JSON 接口或 CSV 文件),按间隔自动拉取',
  middleware: [adminOnly] as const,
  request: { body: { content: { 'application/json': { schema: CreateSourceBody } }, required: true } },
  responses: { 201: jsonContent(IndicatorSource, '已创建'), ...denied },
})

const listSourcesRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['外部数据源'],
  summary: '外部数据源列表,含最近一次拉取的时间与错误',
  middleware: [adminOnly] as const,
  responses: { 200: jsonContent(IndicatorSourceList, '数据源'), 401: denied[401], 403: denied[403] },
})

const deleteSourceRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['外部数据源'],
  summary: '删除外部数据源(已拉取的数据保留)',
  middleware: [adminOnly] as const,
  request: { params: IdParam },
  responses: {
    204: { description: '已删除' },
    404: jsonContent(ApiError, '不存在'),
    401: denied[401],
    403: denied[403],
  },
})

export const sourceRoutes = createRouter()
  .openapi(createSourceRoute, async (c) => {
    const { outbound, sourceFilesDir } = c.get('deps')
    const rules = { ...(outbound ? { outbound } : {}), sourceFilesDir: sourceFilesDir ?? null }
    return c.json(await createSource(serviceContext(c), c.req.valid('json'), rules), 201)
  })
  .openapi(listSourcesRoute, async (c) => c.json({ items: await listSources(serviceContext(c)) }, 200))
  .openapi(deleteSourceRoute, async (c) => {
    await deleteSource(serviceContext(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
