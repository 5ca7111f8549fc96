import type { Principal } from '@cockpit/services/kernel'
import { resolveApiToken, resolveSession } from '@cockpit/services/access'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from './env.js'
import { errorBody } from './errors.js'
import { METRICS_PATH, metricsTokenMatches } from './metrics.js'
import { QUEUE_BOARD_PATH } from './queue-board.js'
import type { TokenCache } from './token-cache.js'

export const SESSION_COOKIE = 'cockpit_session'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const HEALTH_PATHS = new Set(['/api/v1/health', '/api/v1/health/live', '/api/v1/health/ready'])

/** Works out who is calling (a department token, or a browser session) without deciding anything yet. */
export const authenticate =
  (tokens: TokenCache): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const { db } = c.get('deps')
    // Health answers the same to everyone and must not depend on the database through a token lookup
    // (liveness stays 200 during a database outage).
    if (HEALTH_PATHS.has(c.req.path)) {
      c.set('principal', null)
      c.set('csrfToken', null)
      return next()
    }
    // Sessions and tokens live in real time, whatever the product's (possibly simulated) calendar says.
    const now = () => new Date()
    c.set('principal', null)
    c.set('csrfToken', null)
    c.set('metricsScraper', false)
    const header = c.req.header('authorization')
    // A Prometheus scraper's token (METRICS_TOKEN) opens /api/v1/metrics and nothing else; compared by digest.
    if (
      c.req.path === METRICS_PATH &&
      header?.startsWith('Bearer ') &&
      metricsTokenMatches(header.slice(7).trim(), c.get('deps').metricsTokenDigest)
    ) {
      c.set('metricsScraper', true)
      return next()
    }
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim()
      const principal = await tokens.resolve(token, () => resolveApiToken(db, token, now()))
      if (!principal) return c.json(errorBody(c, 'unauthorized', '接口令牌无效或已吊销'), 401)
      c.set('principal', principal)
      await next()
      if (!SAFE_METHODS.has(c.req.method)) tokens.clear()
      return
    }
    const cookie = getCookie(c, SESSION_COOKIE)
    if (cookie) {
      const session = await resolveSession(db, cookie, now())
      if (session) {
        c.set('principal', session.principal)
        c.set('csrfToken', session.csrfToken)
      }
    }
    await next()
    // A write (a revoke, a user's or a jurisdiction's change) is seen by the next token request here.
    if (!SAFE_METHODS.has(c.req.method)) tokens.clear()
  }

/** The only routes under /api/v1 that answer without a caller (the OpenAPI document marks them `security: []`). */
export const PUBLIC_ROUTES = new Set([
  ...[...HEALTH_PATHS].flatMap((p) => [`GET ${p}`, `HEAD ${p}`]),
  'POST /api/v1/auth/login',
  'GET /api/v1/openapi.json',
  'HEAD /api/v1/openapi.json',
])

/**
 * Closed by default: every request under /api/v1 needs a caller unless it is listed in PUBLIC_ROUTES,
 * so a route added without its own requireRole() is still not public. Routes still declare their roles.
 */
export const requireCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('principal') || c.get('metricsScraper') || PUBLIC_ROUTES.has(`${c.req.method} ${c.req.path}`)) return next()
  return c.json(errorBody(c, 'unauthorized', '请先登录或提供接口令牌(Authorization: Bearer …)'), 401)
}

/** What a route's gate admits, kept beside the middleware so the OpenAPI document can say it (`gateOf`). */
export interface Gate {
  /** Roles served; empty means any caller. */
  roles: readonly Principal['role'][]
  /** Only a person signed in through a browser session (no department token, no display key). */
  sessionOnly: boolean
  /** The scraper's METRICS_TOKEN is admitted too (/api/v1/metrics only). */
  metricsToken?: boolean
}
const gates = new WeakMap<MiddlewareHandler<AppEnv>, Gate>()

/** The gate a handler stands for, if it is one made by requireRole/requireSession. */
export const gateOf = (handler: unknown): Gate | undefined => gates.get(handler as MiddlewareHandler<AppEnv>)

function gate(g: Gate, tokenRefusal: string): MiddlewareHandler<AppEnv> {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (g.metricsToken && c.get('metricsScraper')) return next()
    const p = c.get('principal')
    if (!p) return c.json(errorBody(c, 'unauthorized', '请先登录或提供接口令牌'), 401)
    if (g.roles.length && !g.roles.includes(p.role))
      return c.json(errorBody(c, 'forbidden', '当前账号无权执行此操作'), 403)
    if (g.sessionOnly && p.kind !== 'user') return c.json(errorBody(c, 'forbidden', tokenRefusal), 403)
    if (
      p.kind === 'user' &&
      !SAFE_METHODS.has(c.req.method) &&
      !c.req.path.startsWith(QUEUE_BOARD_PATH) &&
      c.req.header(CSRF_HEADER) !== c.get('csrfToken')
    )
      return c.json(errorBody(c, 'forbidden', '缺少或错误的 CSRF 令牌(请求头 X-CSRF-Token)'), 403)
    return next()
  }
  gates.set(mw, g)
  return mw
}

/**
 * The route's gate: 401 without a caller, 403 for a role not listed. A browser session must also echo
 * its CSRF token on writes, so another site cannot post with the user's cookie.
 */
export const requireRole = (...roles: Principal['role'][]): MiddlewareHandler<AppEnv> =>
  gate({ roles, sessionOnly: false }, '')

/**
 * A gate for what belongs to a signed-in person (their session, their inbox): any role, but a department
 * token or a display key is refused with 403 and `refusal` (it names what to do instead).
 */
export const requireAdminOrMetricsToken = (): MiddlewareHandler<AppEnv> =>
  gate({ roles: ['admin'], sessionOnly: false, metricsToken: true }, '')

export const requireSession = (refusal: string): MiddlewareHandler<AppEnv> =>
  gate({ roles: [], sessionOnly: true }, refusal)

export const principalOf = (c: Context<AppEnv>): Principal => {
  const p = c.get('principal')
  if (!p) throw new Error('principal missing: route lacks requireRole()')
  return p
}
