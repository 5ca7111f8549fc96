/**
 * Whether the database can be reached, as this process sees it. Pool errors and queries that fail with a
 * connection error mark it unavailable; from then on queries fail at once (no pile-up of requests each
 * waiting for a connect timeout) while one probe pings the server every `probeEveryMs` until it answers.
 * Each transition is logged once ("database unavailable" with its cause, "database back" with how long it
 * was away), never once per failed query.
 */

/** The pino-compatible slice of a logger the database layer writes to. */
export interface DbLogger {
  debug(obj: object, msg: string): void
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface DbHealth {
  isAvailable(): boolean
  /** When the current outage began; null while available. */
  unavailableSince(): Date | null
  /** Called on every transition with the new state; returns an unsubscribe function. */
  onChange(listener: (available: boolean) => void): () => void
  /** Notes an error from the pool or a query; true when it was a connection error (the database is away). */
  reportError(err: unknown, context: string): boolean
  /** Stops probing (the handle is closing). */
  close(): void
}

/** Thrown instead of a driver error when the database cannot be reached; the API answers it with 503. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable'
  constructor(cause?: unknown) {
    super(
      `database unavailable${cause === undefined ? '' : `: ${messageOf(cause)}`}`,
      cause === undefined ? undefined : { cause },
    )
    this.name = 'DatabaseUnavailableError'
  }
}

// SQLSTATE class 08 (connection exception) and the server going down or not yet up (57P01 admin
// shutdown, 57P02 crash shutdown, 57P03 cannot connect now: starting up, shutting down, in recovery).
const SERVER_GONE = new Set(['57P01', '57P02', '57P03'])
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
])
// node-postgres reports a dropped socket or a connect timeout with plain messages and no code.
const GONE_MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'client was closed',
  'cannot use a pool after calling end',
  'connection ended unexpectedly',
]

/** True for errors that say the server cannot be reached, not that a query was wrong. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (err instanceof DatabaseUnavailableError) return true
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (SERVER_GONE.has(code) || code.startsWith('08') || SOCKET_CODES.has(code)))
    return true
  const message = err.message.toLowerCase()
  if (GONE_MESSAGES.some((m) => message.includes(m))) return true
  // AggregateError from a connect to several addresses (localhost: ::1 and 127.0.0.1).
  if (err instanceof AggregateError) return err.errors.some(isConnectionError)
  return err.cause !== undefined && err.cause !== err && isConnectionError(err.cause)
}

/** True when the error means "try again later" (a 503), whichever layer it came through. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return err instanceof Error && (err.name === 'DatabaseUnavailableError' || isConnectionError(err))
}

const messageOf = (err: unknown) =>
  err instanceof Error
    ? `${(err as { code?: string }).code ? `${(err as { code?: string }).code} ` : ''}${err.message}`
    : String(err)

export interface DbHealthOptions {
  /** Resolves when the server answers; used only while unavailable, on its own connection. */
  ping: () => Promise<void>
  logger?: DbLogger | undefined
  /** How often to ping while unavailable (default 1 s). */
  probeEveryMs?: number | undefined
}

export function createDbHealth(opts: DbHealthOptions): DbHealth {
  const probeEveryMs = opts.probeEveryMs ?? 1000
  const listeners = new Set<(available: boolean) => void>()
  let since: Date | null = null
  let failures = 0
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const emit = (available: boolean) => {
    for (const l of listeners) {
      try {
        l(available)
      } catch (err) {
        opts.logger?.warn({ err: messageOf(err) }, 'database state listener failed')
      }
    }
  }

  const probe = async () => {
    timer = undefined
    if (closed || since === null) return
    try {
      await opts.ping()
    } catch (err) {
      failures++
      opts.logger?.debug({ err: messageOf(err) }, 'database still unavailable')
      if (!closed) timer = setTimeout(() => void probe(), probeEveryMs).unref()
      return
    }
    const downMs = Date.now() - since.getTime()
    opts.logger?.info({ downMs, failedCalls: failures }, 'database back')
    since = null
    failures = 0
    emit(true)
  }

  return {
    isAvailable: () => since === null,
    unavailableSince: () => since,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    reportError(err, context) {
      if (!isConnectionError(err)) return false
      failures++
      if (since !== null || closed) {
        opts.logger?.debug({ err: messageOf(err), context }, 'database call failed while unavailable')
        return true
      }
      since = new Date()
      opts.logger?.warn({ err: messageOf(err), context }, 'database unavailable')
      emit(false)
      // First look at once: a single killed connection on a healthy server should be a blip, not an outage.
      timer = setTimeout(() => void probe(), 0).unref()
      return true
    },
    close() {
      closed = true
      clearTimeout(timer)
      listeners.clear()
    },
  }
}

/** The embedded database lives in this process: it is there exactly as long as the process is. */
export function alwaysAvailable(): DbHealth {
  return {
    isAvailable: () => true,
    unavailableSince: () => null,
    onChange: () => () => {},
    reportError: () => false,
    close: () => {},
  }
}
