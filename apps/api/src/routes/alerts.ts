import { createRoute, z } from '@hono/zod-openapi'
import {
  AlertDetail,
  AlertIdParam,
  AlertList,
  AlertQuery,
  AlertRule,
  AlertRuleInput,
  ApiError,
  AssignBody,
  IdParam,
  NoteBody,
  Silence,
  SilenceInput,
  SilenceList,
} from '@cockpit/contracts'
import { readScope } from '@cockpit/services/kernel'
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
import { principalOf, requireRole } from '../auth.js'
import { createRouter, errorResponses, jsonContent } from '../router.js'

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})
const denied = { 401: jsonContent(ApiError, '未登录'), 403: jsonContent(ApiError, '无权限') }
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
  .openapi(rulesList, async (c) => c.json({ items: await listRules(c.get('deps').db, readScope(principalOf(c))) }, 200))
  .openapi(rulesCreate, async (c) =>
    c.json(await createRule(c.get('deps').db, principalOf(c), c.req.valid('json'), c.get('requestId')), 201),
  )
  .openapi(rulesUpdate, async (c) =>
    c.json(
      await updateRule(
        c.get('deps').db,
        principalOf(c),
        c.req.valid('param').id,
        c.req.valid('json'),
        c.get('deps').now(),
        c.get('requestId'),
      ),
      200,
    ),
  )
  .openapi(rulesDelete, async (c) => {
    await deleteRule(c.get('deps').db, principalOf(c), c.req.valid('param').id, c.get('requestId'))
    return c.body(null, 204)
  })

export const alertRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(
      { items: await listAlerts(c.get('deps').db, principalOf(c), c.req.valid('query'), c.get('deps').now()) },
      200,
    ),
  )
  .openapi(one, async (c) =>
    c.json(await getAlert(c.get('deps').db, principalOf(c), c.req.valid('param').id, c.get('deps').now()), 200),
  )
  .openapi(ack, async (c) => {
    await acknowledgeAlert(
      c.get('deps').db,
      principalOf(c),
      c.req.valid('param').id,
      c.get('deps').now(),
      c.get('requestId'),
    )
    return c.body(null, 204)
  })
  .openapi(assign, async (c) => {
    await assignAlert(
      c.get('deps').db,
      principalOf(c),
      c.req.valid('param').id,
      c.req.valid('json').userId,
      c.get('requestId'),
    )
    return c.body(null, 204)
  })
  .openapi(note, async (c) => {
    await addAlertNote(
      c.get('deps').db,
      principalOf(c),
      c.req.valid('param').id,
      c.req.valid('json').body,
      c.get('requestId'),
    )
    return c.body(null, 204)
  })

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
  .openapi(silencesList, async (c) =>
    c.json({ items: await listSilences(c.get('deps').db, c.get('deps').now(), readScope(principalOf(c))) }, 200),
  )
  .openapi(silenceCreate, async (c) => {
    const now = c.get('deps').now()
    const s = await createSilence(c.get('deps').db, principalOf(c), c.req.valid('json'), now, c.get('requestId'))
    return c.json(
      {
        id: s.id,
        matchers: s.matchers as Record<string, unknown>,
        startsAt: s.starts_at.toISOString(),
        endsAt: s.ends_at.toISOString(),
        reason: s.reason,
        createdBy: s.created_by,
        active: s.starts_at <= now && s.ends_at > now,
      },
      201,
    )
  })
  .openapi(silenceExpire, async (c) => {
    await expireSilence(
      c.get('deps').db,
      principalOf(c),
      c.req.valid('param').id,
      c.get('deps').now(),
      c.get('requestId'),
    )
    return c.body(null, 204)
  })
