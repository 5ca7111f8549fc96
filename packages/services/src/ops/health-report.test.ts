import { describe, expect, it } from 'vitest'
import type { QueueProbe } from './queue-health.js'
import { healthVerdict } from './health-report.js'

const queue = (over: Partial<QueueProbe> = {}): QueueProbe => ({
  redis: { reachable: true },
  workers: { alive: 2, paused: 0 },
  queues: [{ name: 'ingest', waiting: 3, active: 1, delayed: 0, failed: 0, oldestWaitingMs: 800 }],
  ...over,
})

describe('health verdict', () => {
  it('is ok with the database, Redis, live workers and a short queue', () => {
    expect(healthVerdict({ database: { reachable: true }, queue: queue(), lagLimitMs: 60_000 })).toEqual({
      status: 'ok',
      problems: [],
    })
  })

  it('is ok without a queue at all (an instance that only serves reads)', () => {
    expect(healthVerdict({ database: { reachable: true }, queue: null, lagLimitMs: 60_000 }).status).toBe('ok')
  })

  it('is degraded when no worker is alive, though the API still serves', () => {
    const v = healthVerdict({
      database: { reachable: true },
      queue: queue({ workers: { alive: 0, paused: 0 } }),
      lagLimitMs: 60_000,
    })
    expect(v.status).toBe('degraded')
    expect(v.problems).toEqual(['没有存活的后台处理进程'])
  })

  it('is degraded when the oldest waiting job is older than the limit, naming the queue and its wait', () => {
    const lagging = queue({
      queues: [{ name: 'ingest', waiting: 150, active: 0, delayed: 0, failed: 0, oldestWaitingMs: 95_000 }],
    })
    expect(healthVerdict({ database: { reachable: true }, queue: lagging, lagLimitMs: 60_000 })).toEqual({
      status: 'degraded',
      problems: ['队列 ingest 最早的任务已等待 95 秒'],
    })
  })

  it('is degraded when Redis is away: submissions are still stored', () => {
    const v = healthVerdict({
      database: { reachable: true },
      queue: { redis: { reachable: false }, workers: null, queues: [] },
      lagLimitMs: 60_000,
    })
    expect(v.status).toBe('degraded')
  })

  it('is unavailable when the database is away, whatever else holds', () => {
    const v = healthVerdict({
      database: { reachable: false },
      queue: queue({ workers: { alive: 1, paused: 1 } }),
      lagLimitMs: 60_000,
    })
    expect(v.status).toBe('unavailable')
    expect(v.problems[0]).toBe('数据库不可达')
  })
})
