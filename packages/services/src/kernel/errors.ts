import type { ErrorCode, FieldIssue } from '@cockpit/contracts'

/** A failure the caller can act on; the API maps `code` to an HTTP status and answers `issues` beside the message. */
export class ServiceError extends Error {
  /** Which fields of the request are wrong, so a form shows each message next to its field. */
  readonly issues?: FieldIssue[]
  /** For too_many_requests: when to try again (the API sends it as Retry-After). */
  readonly retryAfterSeconds?: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { issues?: FieldIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message)
    this.name = 'ServiceError'
    if (options.issues?.length) this.issues = options.issues
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what}不存在`)
export const forbidden = (message: string) => new ServiceError('forbidden', message)
export const unauthorized = (message = '请先登录') => new ServiceError('unauthorized', message)
export const invalid = (message: string) => new ServiceError('invalid_request', message)

/**
 * A refusal about fields of the request body: the message reads like the edge's zod messages
 * ("请求体 targets.0.year: 目标年份 2027 不在规划期之内") and `issues` carries the same per field.
 */
export const bodyIssues = (issues: FieldIssue[], code: ErrorCode = 'invalid_request') =>
  new ServiceError(code, issues.map((i) => `请求体 ${i.path}: ${i.message}`).join('; '), { issues })

/** One field of the body: `bodyIssue('username', '用户名已被使用', 'conflict')`. */
export const bodyIssue = (path: string, message: string, code: ErrorCode = 'invalid_request') =>
  bodyIssues([{ path, message }], code)
