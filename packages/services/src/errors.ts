/** A failure the caller can act on; the API maps `code` to an HTTP status. */
export class ServiceError extends Error {
  constructor(
    public readonly code: 'not_found' | 'invalid_request' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_large',
    message: string,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what}不存在`)
export const forbidden = (message: string) => new ServiceError('forbidden', message)
export const unauthorized = (message = '请先登录') => new ServiceError('unauthorized', message)
export const invalid = (message: string) => new ServiceError('invalid_request', message)
