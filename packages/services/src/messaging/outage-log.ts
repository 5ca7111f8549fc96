/** The part of a pino logger an outage log needs (services take no logger library). */
export interface OutageLogger {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export interface OutageLog {
  /** A failed operation: the first one of an outage is logged with its cause, the rest only counted. */
  failed(err: unknown): void
  /** A successful operation (or a reconnect): ends an outage, logged once with its length and count. */
  succeeded(): void
  readonly down: boolean
}

/**
 * One line when `what` becomes unavailable and one when it is back, whatever the request rate: a Redis
 * outage under load must not write a warning per request or per reconnect attempt.
 */
export function outageLog(logger: OutageLogger | undefined, what: string, meanwhile?: string): OutageLog {
  let since: number | null = null
  let failures = 0
  return {
    failed(err) {
      failures++
      if (since !== null) return
      since = Date.now()
      logger?.warn(
        { err: err instanceof Error ? err.message : String(err), ...(meanwhile ? { meanwhile } : {}) },
        `${what} unavailable`,
      )
    },
    succeeded() {
      if (since === null) return
      logger?.info({ downMs: Date.now() - since, failures }, `${what} back`)
      since = null
      failures = 0
    },
    get down() {
      return since !== null
    },
  }
}
