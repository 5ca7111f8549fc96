import { createRoute } from '@hono/zod-openapi'
import { ApiError, LoginBody, LoginResult, MeSession } from '@cockpit/contracts'
import { clockContext, type Principal } from '@cockpit/services/kernel'
import { login, logout } from '@cockpit/services/access'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { principalOf, requireRole, requireSession, SESSION_COOKIE } from '../auth.js'
import type { AppEnv } from '../env.js'
import { createRouter, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

/**
 * The client's address as the socket sees it (X-Forwarded-For is not trusted: without a configured
 * proxy anyone could claim any address). null for a request made inside the process (tests' app.request).
 */
function clientAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null
  }
}

const toMe = (p: Principal) => ({
  kind: p.kind,
  userId: p.userId,
  role: p.role,
  departmentId: p.departmentId,
  jurisdictions: p.jurisdictions,
  label: p.label,
})

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['认证'],
  summary: '登录:设置 HttpOnly 会话 Cookie,返回 CSRF 令牌',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: jsonContent(LoginResult, '已登录'),
    400: jsonContent(ApiError, '请求无效'),
    401: jsonContent(ApiError, '用户名或密码错误'),
    429: jsonContent(ApiError, '失败次数过多,稍后再试(Retry-After 秒数)'),
  },
})
const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['认证'],
  summary: '退出登录',
  middleware: [requireSession('接口令牌或大屏显示密钥没有会话可退出;停用请由管理员吊销该令牌')] as const,
  responses: { 204: { description: '已退出' }, 403: jsonContent(ApiError, '接口令牌或显示密钥没有会话可退出') },
})
const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['认证'],
  summary: '当前身份',
  middleware: [requireRole()] as const,
  responses: { 200: jsonContent(MeSession, '当前身份(浏览器会话附 CSRF 令牌)'), 401: jsonContent(ApiError, '未登录') },
})

export const authRoutes = createRouter()
  .openapi(loginRoute, async (c) => {
    const { db, secureCookies } = c.get('deps')
    // Wall clock on purpose: a session must not expire in seconds under the demo's fast calendar.
    const result = await login(db, c.req.valid('json'), {
      ...clockContext(new Date(), c.get('requestId')),
      address: clientAddress(c),
    })
    setCookie(c, SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: secureCookies,
      path: '/',
      expires: result.expiresAt,
    })
    return c.json(
      { me: toMe(result.principal), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() },
      200,
    )
  })
  .openapi(logoutRoute, async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE)
    await logout(serviceContext(c), cookie)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })
  .openapi(meRoute, (c) => c.json({ ...toMe(principalOf(c)), csrfToken: c.get('csrfToken') }, 200))
