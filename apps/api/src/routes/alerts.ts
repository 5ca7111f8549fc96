import { createRoute, z } from '@hono/zod-openapi'
import {
  AlertDetail,
  AlertIdParam,
  AlertList,
  AlertQuery,
  AlertRule,
  AlertRuleInput,
  AssignBody,
  IdParam,
  NoteBody,
  Silence,
  SilenceInput,
  SilenceList,
} from '@cockpit/contracts'
import {
  acknowledgeAlert,
  addAlertNote,
  assignAlert,
  createRule,
  createSilence,
  deleteRule,
  expireSilence,
  getAlert,
  listAlerts,
  listRules,
  listSilences,
  updateRule,
} from '@cockpit/services/alerts'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { jsonBody as body, noContent, serviceContext } from './route-helpers.js'

const denied = deniedResponses
const done = { 204: { description: '已完成' } }

const rulesList = createRoute({
  method: 'get',
  path: '/',
  tags: ['告警'],
  summary: '告警规则',
  middleware: [requireRole('admin', 'manager', 'viewer')] as const,
  responses: { 200: jsonContent(z.object({ items: z.array(AlertRule) }), '规则列表'), ...denied },
})
const rulesCreate = createRoute({
  method: 'post',
  path: '/',
  tags: ['告警'],
  summary: '新建告警规则(管理员)',
  middleware: [requireRole('admin')] as const,
  request: body(AlertRuleInput),
  responses: { 201: jsonContent(AlertRule, '已创建'), 400: errorResponses[400], ...denied },
})
const rulesUpdate = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['告警'],
  summary: '修改告警规则(管理员)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam, ...body(AlertRuleInput) },
  responses: { 200: jsonContent(AlertRule, '已修改'), ...errorResponses, ...denied },
})
const rulesDelete = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['告警'],
  summary: '删除告警规则(管理员)',
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam },
  responses: { ...done, ...errorResponses, ...denied },
})

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['告警'],
  summary: '告警列表(按角色与辖区过滤)',
  middleware: [requireRole('admin', 'manager', 'viewer', 'reporter')] as const,
  request: { query: AlertQuery },
  responses: { 200: jsonContent(AlertList, '告警'), ...denied },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['告警'],
  summary: '一条告警:状态变迁历史、处理记录与通知投递情况',
  middleware: [requireRole('admin', 'manager', 'viewer', 'reporter')] as const,
  request: { params: AlertIdParam },
  responses: { 200: jsonContent(AlertDetail, '告警'), ...errorResponses, ...denied },
})
const ack = createRoute({
  method: 'post',
  path: '/{id}/ack',
  tags: ['告警'],
  summary: '确认告警(停止重复提醒与升级)',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { params: AlertIdParam },
  responses: { ...done, ...errorResponses, ...denied },
})
const assign = createRoute({
  method: 'post',
  path: '/{id}/assign',
  tags: ['告警'],
  summary: '指派处理人',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { params: AlertIdParam, ...body(AssignBody) },
  responses: { ...done, ...errorResponses, ...denied },
})
const note = createRoute({
  method: 'post',
  path: '/{id}/notes',
  tags: ['告警'],
  summary: '添加处理备注',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { params: AlertIdParam, ...body(NoteBody) },
  responses: { ...done, ...errorResponses, ...denied },
})

// Rules live at /api/v1/alert-rules, not under /alerts: /alerts/rules/{id} and /alerts/{id}/ack would be
// ambiguous paths for a generated client (both match /alerts/rules/ack).
export const alertRuleRoutes = createRouter()
  .openapi(rulesList, async (c) => c.json({ items: await listRules(serviceContext(c)) }, 200))
  .openapi(rulesCreate, async (c) => c.json(await createRule(serviceContext(c), c.req.valid('json')), 201))
  .openapi(rulesUpdate, async (c) =>
    c.json(await updateRule(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(rulesDelete, async (c) => noContent(c, deleteRule(serviceContext(c), c.req.valid('param').id)))

export const alertRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listAlerts(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getAlert(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(ack, async (c) => noContent(c, acknowledgeAlert(serviceContext(c), c.req.valid('param').id)))
  .openapi(assign, async (c) =>
    noContent(c, assignAlert(serviceContext(c), c.req.valid('param').id, c.req.valid('json').userId)),
  )
  .openapi(note, async (c) =>
    noContent(c, addAlertNote(serviceContext(c), c.req.valid('param').id, c.req.valid('json').body)),
  )

const silencesList = createRoute({
  method: 'get',
  path: '/',
  tags: ['告警'],
  summary: '静默列表',
  middleware: [requireRole('admin', 'manager')] as const,
  responses: { 200: jsonContent(SilenceList, '静默'), ...denied },
})
const silenceCreate = createRoute({
  method: 'post',
  path: '/',
  tags: ['告警'],
  summary: '新建静默(匹配条件、时间窗、原因)',
  middleware: [requireRole('admin', 'manager')] as const,
  request: body(SilenceInput),
  responses: { 201: jsonContent(Silence, '已创建'), 400: errorResponses[400], ...denied },
})
const silenceExpire = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['告警'],
  summary: '立即解除静默',
  middleware: [requireRole('admin', 'manager')] as const,
  request: { params: IdParam },
  responses: { ...done, ...errorResponses, ...denied },
})

export const silenceRoutes = createRouter()
  .openapi(silencesList, async (c) => c.json({ items: await listSilences(serviceContext(c)) }, 200))
  .openapi(silenceCreate, async (c) => c.json(await createSilence(serviceContext(c), c.req.valid('json')), 201))
  .openapi(silenceExpire, async (c) => noContent(c, expireSilence(serviceContext(c), c.req.valid('param').id)))
