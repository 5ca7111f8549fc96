import { isDatabaseUnavailable } from '@cockpit/db'
import { ServiceError } from '@cockpit/services'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import type { AppEnv } from './env.js'

const statusOf: Record<ServiceError['code'], ContentfulStatusCode> = {
  not_found: 404,
  invalid_request: 400,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  too_large: 413,
  too_many_requests: 429,
}

const whereLabels: Record<string, string> = { query: '查询参数', param: '路径参数', json: '请求体', form: '表单', header: '请求头' }

export function errorBody(c: Context<AppEnv>, code: string, message: string) {
  return { code, message, requestId: c.get('requestId') ?? '' }
}

/** "查询参数 jurisdiction: 行政区划代码应为6位数字" — where, which field, and why. */
export function describeIssues(target: string, error: z.ZodError): string {
  return error.issues
    .map((i) => `${whereLabels[target] ?? target} ${i.path.join('.') || '(整体)'}: ${i.message}`)
    .join('; ')
}

/** Seconds a client should wait before trying again while the database is away (it is pinged every second). */
export const RETRY_AFTER_SECONDS = 2

/** 503 with Retry-After: nothing was stored, the same request may simply be sent again. */
export function databaseUnavailable(c: Context<AppEnv>) {
  c.header('Retry-After', String(RETRY_AFTER_SECONDS))
  return c.json(errorBody(c, 'database_unavailable', '数据库暂时不可用,请稍后重试'), 503)
}

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ServiceError) {
    if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds))
    return c.json(errorBody(c, err.code, err.message), statusOf[err.code])
  }
  const log = c.get('deps')?.logger
  // The outage itself is logged once by the database layer ("database unavailable"), not once per request.
  if (isDatabaseUnavailable(err)) {
    log?.debug({ requestId: c.get('requestId'), path: c.req.path, err: err.message }, 'request refused: database unavailable')
    return databaseUnavailable(c)
  }
  log?.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error')
  return c.json(errorBody(c, 'internal_error', '服务器内部错误,请稍后重试'), 500)
}

export function onNotFound(c: Context<AppEnv>) {
  return c.json(errorBody(c, 'not_found', `接口 ${c.req.method} ${c.req.path} 不存在`), 404)
}
