import { ErrorCode } from '@cockpit/contracts'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { gateOf, type Gate, PUBLIC_ROUTES, SESSION_COOKIE } from '../auth.js'

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>
type Operation = Record<string, unknown> & {
  operationId?: string
  security?: Record<string, string[]>[]
  responses?: Record<string, Response>
}
type Response = { description: string; content?: Record<string, { schema?: unknown }> }
interface ServedRoute {
  method: string
  path: string
  handler: unknown
}

export const OPENAPI_PATH = '/api/v1/openapi.json'
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const
const SAFE = new Set(['get', 'head', 'options'])

/** How a caller proves who it is; which of them an operation takes follows from its gate (`securityOf`). */
export const securitySchemes = {
  departmentToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      '责任单位接口令牌(管理员或本单位签发,POST /api/v1/tokens):Authorization: Bearer <令牌>,权限同本单位填报人',
  },
  displayKey: {
    type: 'http',
    scheme: 'bearer',
    description: '大屏显示密钥 csk_…(管理员签发,只读,限其行政区划及以下):Authorization: Bearer <密钥>',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: '浏览器会话:POST /api/v1/auth/login 设置的 HttpOnly Cookie',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: '运行指标抓取令牌(部署配置 METRICS_TOKEN,仅能读取 GET /api/v1/metrics):Authorization: Bearer <令牌>',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: '会话的 CSRF 令牌(登录或 GET /api/v1/auth/me 返回);以会话调用写操作时必须携带',
  },
} as const

/** The one error shape (`ApiError` in @cockpit/contracts), referenced wherever an error is answered. */
const API_ERROR = {
  type: 'object',
  description: '统一错误结构',
  properties: {
    code: { type: 'string', enum: ErrorCode.options, description: '错误类别(据此分支处理,不要解析 message)' },
    message: { type: 'string', description: '中文说明(校验错误指明位置、字段与原因)' },
    requestId: { type: 'string', description: '请求编号(同响应头 X-Request-Id),反馈问题时请提供' },
    issues: {
      type: 'array',
      description: '逐字段的问题(仅当错误涉及具体字段时给出),可直接显示在对应输入项旁',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', description: '字段路径,层级与数组下标以点连接,如 targets.0.year;空串表示整体' },
          message: { type: 'string', description: '该字段的中文说明' },
        },
        required: ['path', 'message'],
      },
    },
  },
  required: ['code', 'message', 'requestId'],
}
const errorRef = { $ref: '#/components/schemas/ApiError' }
const errorContent = (description: string): Response => ({
  description,
  content: { 'application/json': { schema: errorRef } },
})

/** Whether a generated schema is the shared error shape (so it becomes a reference to ApiError). */
const isApiError = (s: unknown): boolean => {
  const o = s as { type?: unknown; properties?: Record<string, unknown>; required?: unknown }
  return (
    o?.type === 'object' &&
    !!o.properties &&
    ['code,message,requestId', 'code,issues,message,requestId'].includes(Object.keys(o.properties).sort().join()) &&
    JSON.stringify([...((o.required as string[]) ?? [])].sort()) === '["code","message","requestId"]'
  )
}

/**
 * The operationId naming rule: the method, then each path segment after /api/v1 in camel case, a path
 * parameter as `By<Name>`. Derived, never typed, so it stays stable as long as the route does:
 * `GET /api/v1/indicators/{id}/observations` → `getIndicatorsByIdObservations`.
 */
export function operationIdOf(method: string, path: string): string {
  const camel = (s: string) => s.replace(/[-_.](\w)/g, (_, ch: string) => ch.toUpperCase())
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
  const parts = path
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(.+)\}$/.exec(seg)
      return param ? `By${cap(camel(param[1]!))}` : cap(camel(seg))
    })
  return method.toLowerCase() + parts.join('')
}

/**
 * Who may call an operation, as security requirements (alternatives): a department token where the gate
 * serves reporters, a display key where it serves viewers, and a browser session always (with the CSRF
 * header on writes); none for the public routes.
 */
export function securityOf(gate: Gate, method: string): Record<string, string[]>[] {
  const admits = (role: Gate['roles'][number]) => gate.roles.length === 0 || gate.roles.includes(role)
  const out: Record<string, string[]>[] = []
  if (!gate.sessionOnly && admits('reporter')) out.push({ departmentToken: [] })
  if (!gate.sessionOnly && admits('viewer') && SAFE.has(method)) out.push({ displayKey: [] })
  out.push(SAFE.has(method) ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] })
  return out
}

/** Path in the document ↔ path in Hono's route list. */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')

/** The gate middleware among the handlers Hono runs for METHOD path (route middleware come first). */
function gateFor(routes: readonly ServedRoute[], method: string, path: string): Gate | undefined {
  for (const r of routes) {
    if (r.method !== method.toUpperCase() || r.path !== honoPath(path)) continue
    const h = r.handler as { __COMPOSED_HANDLER?: unknown }
    const g = gateOf(h) ?? gateOf(h.__COMPOSED_HANDLER)
    if (g) return g
  }
  return undefined
}

export interface DocumentInfo {
  version: string
}

/**
 * The served OpenAPI document: what @hono/zod-openapi generates from the createRoute definitions, finished
 * in this one place from what the routes already declare: security per operation from each route's gate
 * (requireRole/requireSession, or PUBLIC_ROUTES), operationIds by the naming rule, the shared error schema
 * as a component referenced by every error response, 401/403 for gated operations, a catch-all 4XX and the
 * database's 503. A gated route without a gate fails here (and so in every test that reads the document).
 */
// biome-ignore lint/suspicious/noExplicitAny: the document is built from an app of any Hono env
export function buildDocument(app: OpenAPIHono<any>, info: DocumentInfo): Document {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: '数政驾驶舱 API',
      version: info.version,
      description:
        '数字政府建设指标驾驶舱:规划、指标、目标、责任单位与任务节点。除健康检查、登录与本文档外,每个接口都需要调用方:' +
        '责任单位接口令牌或大屏显示密钥(Authorization: Bearer),或浏览器会话 Cookie(写操作另带 X-CSRF-Token)。' +
        '错误一律答 {code, message, requestId},涉及具体字段时另有 issues: [{path, message}]。',
    },
    servers: [{ url: '/', description: '本服务(与本文档同源)' }],
  })
  // No licence has been chosen for this code: the API is offered to the systems that integrate with it, nothing
  // more. `identifier` is OpenAPI 3.1's (an SPDX expression), which the generator's types do not know yet.
  doc.info.license = { name: '未开源(接入须经建设单位授权)', identifier: 'LicenseRef-Proprietary' } as never
  doc.components ??= {}
  doc.components.securitySchemes = { ...securitySchemes } as never
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ApiError: API_ERROR as never }

  const routes = app.routes as readonly ServedRoute[]
  const missing: string[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method]
      if (!op) continue
      const route = `${method.toUpperCase()} ${path}`
      op.operationId ??= operationIdOf(method, path)
      op.responses ??= {}
      const responses = op.responses
      const gate = gateFor(routes, method, path)
      if (PUBLIC_ROUTES.has(route)) op.security = []
      else if (gate) {
        op.security = securityOf(gate, method)
        if (gate.metricsToken) op.security.unshift({ metricsToken: [] })
        responses['401'] ??= errorContent('未登录,或令牌/显示密钥无效、已吊销')
        responses['403'] ??= errorContent(
          SAFE.has(method)
            ? '无权限(角色或范围不符)'
            : `无权限(角色或范围不符;以会话调用时缺少或错误的 ${securitySchemes.csrfToken.name} 请求头)`,
        )
      } else missing.push(route)
      // Health reports the database's absence in its own shape; the document itself needs no database.
      if (path !== OPENAPI_PATH && path !== '/api/v1/health' && !path.startsWith('/api/v1/health/'))
        responses['503'] ??= errorContent('数据库暂时不可用(Retry-After 秒后重试)')
      responses['4XX'] ??= errorContent('其他客户端错误(如请求体过大 413、媒体类型不符 415、请求过于频繁 429)')
      for (const [status, res] of Object.entries(responses)) {
        if (!/^[45]/.test(status)) continue
        const json = res.content?.['application/json']
        if (!res.content) res.content = { 'application/json': { schema: errorRef } }
        else if (json && isApiError(json.schema)) json.schema = errorRef
      }
    }
  }
  if (missing.length)
    throw new Error(
      `routes in the OpenAPI document without a gate (requireRole/requireSession) or a PUBLIC_ROUTES entry: ${missing.join(', ')}`,
    )
  return doc
}
