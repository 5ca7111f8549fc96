import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

const base = { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u@127.0.0.1/db' }

describe('API configuration', () => {
  it('bounds how long a request waits for Redis to 500 ms unless ENQUEUE_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig(base, '/srv').enqueueTimeoutMs).toBe(500)
    expect(loadConfig({ ...base, ENQUEUE_TIMEOUT_MS: '300' }, '/srv').enqueueTimeoutMs).toBe(300)
  })

  it('refuses an ENQUEUE_TIMEOUT_MS that is not a number of milliseconds, naming the variable', () => {
    expect(() => loadConfig({ ...base, ENQUEUE_TIMEOUT_MS: 'soon' }, '/srv')).toThrow(/ENQUEUE_TIMEOUT_MS/)
    expect(() => loadConfig({ ...base, ENQUEUE_TIMEOUT_MS: '0' }, '/srv')).toThrow(/ENQUEUE_TIMEOUT_MS/)
  })
})
