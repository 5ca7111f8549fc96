import { describe, expect, it } from 'vitest'
import { backoffDelay } from './live-events.js'

describe('reconnect backoff', () => {
  it('doubles from the first delay up to the cap, with jitter so walls do not reconnect in lockstep', () => {
    const mid = () => 0.5
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, 1_000, 30_000, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ])
    expect(backoffDelay(1, 1_000, 30_000, () => 0)).toBe(750)
    expect(backoffDelay(1, 1_000, 30_000, () => 0.999)).toBeLessThanOrEqual(1_250)
  })
})
