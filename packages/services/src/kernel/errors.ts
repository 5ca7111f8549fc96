/** A failure the caller can act on; the API maps `code` to an HTTP status. */
export class ServiceError extends Error {
  constructor(
    public readonly code:
      | 'not_found'
      | 'invalid_request'
      | 'conflict'
      | 'forbidden'
      | 'unauthorized'
      | 'too_large'
      | 'too_many_requests',
    message: string,
    /** For too_many_requests: when to try again (the API sends it as Retry-After). */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what}不存在`)
export const forbidden = (message: string) => new ServiceError('forbidden', message)
export const unauthorized = (message = '请先登录') => new ServiceError('unauthorized', message)
export const invalid = (message: string) => new ServiceError('invalid_request', message)
