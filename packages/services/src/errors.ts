/** A failure the caller can act on; the API maps `code` to an HTTP status. */
export class ServiceError extends Error {
  constructor(
    public readonly code: 'not_found' | 'invalid_request' | 'conflict' | 'forbidden',
    message: string,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what}不存在`)
