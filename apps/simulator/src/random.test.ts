import { describe, expect, it } from 'vitest'
import { between, unitHash } from './random.js'

describe('unitHash', () => {
  it('gives the same draw for the same seed and parts, and another for another seed', () => {
    expect(unitHash(42, 'value', 7, '2024-03')).toBe(unitHash(42, 'value', 7, '2024-03'))
    expect(unitHash(43, 'value', 7, '2024-03')).not.toBe(unitHash(42, 'value', 7, '2024-03'))
  })

  it('spreads draws over [0, 1) roughly evenly', () => {
    const draws = Array.from({ length: 4000 }, (_, i) => unitHash(1, 'spread', i))
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    const low = draws.filter((u) => u < 0.5).length / draws.length
    expect(low).toBeGreaterThan(0.45)
    expect(low).toBeLessThan(0.55)
  })

  it('maps a draw onto an interval', () => {
    expect(between(0, 2, 4)).toBe(2)
    expect(between(0.5, 2, 4)).toBe(3)
  })
})
