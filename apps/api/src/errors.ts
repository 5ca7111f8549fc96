import { isDatabaseUnavailable } from '@cockpit/db'
import { ServiceError } from '@cockpit/services/kernel'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
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

const whereLabels: Record<string, string> = {
  query: '查询参数',
  param: '路径参数',
  json: '请求体',
  form: '表单',
  header: '请求头',
}

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

/**
 * Why JSON.parse refused the body, in Chinese. Hono's validator throws its SyntaxError away, but the
 * request keeps the text it read, so parsing it again tells where.
 */
async function jsonSyntaxReason(c: Context<AppEnv>): Promise<string> {
  const text = await c.req.text().catch(() => null)
  if (text === null) return '无法读取'
  if (text.trim() === '') return '请求体为空'
  let detail = ''
  try {
    JSON.parse(text)
  } catch (e) {
    detail = e instanceof Error ? e.message : ''
  }
  if (/Unexpected end of JSON input/.test(detail)) return '内容不完整(意外结束)'
  const position = /at position (\d+)/.exec(detail)
  if (position) return `第 ${Number(position[1]) + 1} 个字符处有误(多余的逗号、缺少引号或括号不配对)`
  const token = /Unexpected token '(.)'/.exec(detail)
  if (token) return `无法识别的字符 '${token[1]}'(NaN、Infinity、注释、单引号等都不是 JSON)`
  if (/is not valid JSON/.test(detail)) return '无法识别的值(NaN、Infinity、注释、单引号等都不是 JSON)'
  return '无法解析'
}

/** Hono's own refusals (bad JSON, unsupported media type, the queue board's Origin check) in the one error shape. */
async function httpRefusal(err: HTTPException, c: Context<AppEnv>) {
  const reply = (status: ContentfulStatusCode, code: string, message: string) => {
    // A caller's mistake, not ours: worth a line, never an error.
    c.get('deps')?.logger.info(
      { requestId: c.get('requestId'), path: c.req.path, status, reason: err.message },
      'request refused',
    )
    return c.json(errorBody(c, code, message), status)
  }
  if (err.status === 400 && err.message === 'Malformed JSON in request body')
    return reply(400, 'invalid_request', `请求体不是合法的 JSON:${await jsonSyntaxReason(c)}`)
  if (err.status === 415) {
    const type = c.req.header('content-type')
    return reply(
      400,
      'invalid_request',
      `请求体须为 application/json(文件上传为 multipart/form-data),收到的类型是 ${type ? type.split(';')[0] : '(未声明)'}`,
    )
  }
  if (err.status === 403) return reply(403, 'forbidden', '跨站请求被拒绝:请求来源(Origin)不是本站')
  if (err.status === 413) return reply(413, 'too_large', '请求体过大')
  if (err.status === 401) return reply(401, 'unauthorized', '未登录或令牌无效')
  if (err.status === 404) return reply(404, 'not_found', `接口 ${c.req.method} ${c.req.path} 不存在`)
  if (err.status < 500) return reply(400, 'invalid_request', '请求无效')
  return null
}

export async function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException) {
    const refused = await httpRefusal(err, c)
    if (refused) return refused
  }
  if (err instanceof ServiceError) {
    if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds))
    return c.json(errorBody(c, err.code, err.message), statusOf[err.code])
  }
  const log = c.get('deps')?.logger
  // The outage itself is logged once by the database layer ("database unavailable"), not once per request.
  if (isDatabaseUnavailable(err)) {
    log?.debug(
      { requestId: c.get('requestId'), path: c.req.path, err: err.message },
      'request refused: database unavailable',
    )
    return databaseUnavailable(c)
  }
  log?.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error')
  return c.json(errorBody(c, 'internal_error', '服务器内部错误,请稍后重试'), 500)
}

export function onNotFound(c: Context<AppEnv>) {
  return c.json(errorBody(c, 'not_found', `接口 ${c.req.method} ${c.req.path} 不存在`), 404)
}
