import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from './redis-server.js'
import { outageLog, RedisTimeoutError, withinMs } from '@cockpit/services/messaging'

// A redis-server of this file's own: its replies come from another process, through the event loop's I/O phase.
let dir: string
let server: RedisServer
let redis: Redis
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-bounded-'))
  server = await startRedisServer(dir)
  redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  await new Promise((r) => redis.once('ready', r))
})
afterAll(async () => {
  redis?.disconnect()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('withinMs', () => {
  it('answers with the operation when it completes in time', async () => {
    await expect(withinMs(Promise.resolve(7), 50, 'op')).resolves.toBe(7)
  })

  it('gives up on an operation that never answers, naming it', async () => {
    const never = new Promise<never>(() => {})
    await expect(withinMs(never, 30, 'enqueue ingest')).rejects.toThrow(new RedisTimeoutError('enqueue ingest', 30))
  })

  it("passes the operation's own failure on unchanged", async () => {
    await expect(withinMs(Promise.reject(new Error('Connection is closed.')), 50, 'op')).rejects.toThrow(
      'Connection is closed.',
    )
  })

  it('does not take a reply that waited behind a busy event loop for a silent server', async () => {
    // Continue from an I/O callback (the poll phase), as a request handler does: the timer phase comes next.
    await redis.ping()
    const bounded = withinMs(redis.ping(), 20, 'op')
    // The loop is blocked past the bound (a large upload parsed, PGlite busy) while the reply sits in the socket.
    const until = Date.now() + 150
    while (Date.now() < until);
    await expect(bounded).resolves.toBe('PONG')
  })

  it('gives up on a stalled server within the bound, and the command still completes when it resumes', async () => {
    server.pause()
    try {
      const t = Date.now()
      const set = redis.set('cockpit-bounded-late', '1')
      await expect(withinMs(set, 100, 'set')).rejects.toBeInstanceOf(RedisTimeoutError)
      expect(Date.now() - t).toBeLessThan(1000)
      server.resume()
      await expect(set).resolves.toBe('OK')
    } finally {
      server.resume()
    }
  })
})

describe('outageLog', () => {
  it('tells an outage once when it starts and once when it ends, however many failures it had', () => {
    const lines: { level: string; obj: object; msg: string }[] = []
    const log = outageLog(
      {
        warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
        info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      },
      'redis for producers',
    )
    log.succeeded()
    for (let i = 0; i < 50; i++) log.failed(new Error("Stream isn't writeable"))
    expect(log.down).toBe(true)
    log.succeeded()
    log.succeeded()
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'warn redis for producers unavailable',
      'info redis for producers back',
    ])
    expect(lines[0]!.obj).toMatchObject({ err: "Stream isn't writeable" })
    expect(lines[1]!.obj).toMatchObject({ failures: 50 })
    expect(log.down).toBe(false)
  })
})
