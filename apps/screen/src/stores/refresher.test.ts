import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { refresher } from './refresher.js'

describe('a costly refetch on live events', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())
  const slowFetch = () => {
    const calls: number[] = []
    const fn = () => {
      calls.push(Date.now())
      return new Promise<void>((r) => setTimeout(r, 1_000))
    }
    return { calls, fn }
  }

  it('answers a burst of events with one fetch after a short delay', async () => {
    const { calls, fn } = slowFetch()
    const r = refresher(fn, 250, 1_500)
    const t0 = Date.now()
    for (let i = 0; i < 20; i++) r.request()
    await vi.advanceTimersByTimeAsync(249)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls.map((t) => t - t0)).toEqual([250])
  })
  it('fetches once more after a running fetch, never two at once, and no sooner than the gap', async () => {
    const { calls, fn } = slowFetch()
    const r = refresher(fn, 250, 1_500)
    const t0 = Date.now()
    r.request()
    await vi.advanceTimersByTimeAsync(500) // the first fetch is running
    r.request()
    r.request()
    await vi.advanceTimersByTimeAsync(5_000)
    // Second start: after the first ends (1250) and at least 1500 ms after the first start.
    expect(calls.map((t) => t - t0)).toEqual([250, 1_750])
  })
  it('does nothing after it is cleared', async () => {
    const { calls, fn } = slowFetch()
    const r = refresher(fn, 250, 1_500)
    r.request()
    r.clear()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls).toHaveLength(0)
  })
})
