import { describe, expect, it } from 'vitest'
import { createDbHealth, DatabaseUnavailableError, isConnectionError, isDatabaseUnavailable } from './db-health.js'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

/** Records what a pino logger would be given. */
function recordingLogger() {
  const lines: { level: string; msg: string }[] = []
  const at = (level: string) => (_obj: object, msg: string) => void lines.push({ level, msg })
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn') } }
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('connection errors', () => {
  it('recognises a server that refuses, restarts, shuts down or drops the connection', () => {
    expect(isConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true)
    expect(isConnectionError(withCode('terminating connection due to administrator command', '57P01'))).toBe(true)
    expect(isConnectionError(withCode('the database system is starting up', '57P03'))).toBe(true)
    expect(isConnectionError(withCode('connection failure', '08006'))).toBe(true)
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isConnectionError(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe(
      true,
    )
  })

  it('leaves errors about the query itself alone', () => {
    expect(isConnectionError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false)
    expect(isConnectionError(withCode('relation "nope" does not exist', '42P01'))).toBe(false)
    expect(isConnectionError(withCode('canceling statement due to statement timeout', '57014'))).toBe(false)
    expect(isConnectionError('ECONNREFUSED')).toBe(false)
  })

  it('treats the error it throws itself as unavailable, also when it arrives as a plain named error', () => {
    expect(isDatabaseUnavailable(new DatabaseUnavailableError())).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'DatabaseUnavailableError' }))).toBe(true)
  })
})

describe('database health', () => {
  it('logs one "database unavailable" for many failures and one "database back" when a ping answers', async () => {
    let serverUp = false
    const { lines, logger } = recordingLogger()
    const changes: boolean[] = []
    const ping = async () => {
      if (!serverUp) throw withCode('connect ECONNREFUSED', 'ECONNREFUSED')
    }
    const health = createDbHealth({ ping, logger, probeEveryMs: 10 })
    health.onChange((a) => changes.push(a))
    for (let i = 0; i < 50; i++)
      expect(health.reportError(withCode('connect ECONNREFUSED', 'ECONNREFUSED'), 'query')).toBe(true)
    expect(health.isAvailable()).toBe(false)
    expect(health.unavailableSince()).toBeInstanceOf(Date)
    await new Promise((r) => setTimeout(r, 60))
    expect(health.isAvailable()).toBe(false)
    serverUp = true
    await until(() => health.isAvailable())
    expect(changes).toEqual([false, true])
    expect(lines.filter((l) => l.level !== 'debug').map((l) => l.msg)).toEqual([
      'database unavailable',
      'database back',
    ])
    health.close()
  })

  it('stays available through errors that are not about the connection', () => {
    const health = createDbHealth({ ping: async () => {} })
    expect(health.reportError(withCode('duplicate key', '23505'), 'query')).toBe(false)
    expect(health.isAvailable()).toBe(true)
    health.close()
  })

  it('calls a single dropped connection on a healthy server a blip: back at the first ping', async () => {
    const health = createDbHealth({ ping: async () => {}, probeEveryMs: 1000 })
    health.reportError(withCode('terminating connection due to administrator command', '57P01'), 'idle connection')
    await until(() => health.isAvailable(), 200)
    health.close()
  })
})
