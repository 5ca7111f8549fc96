import { describe, expect, it } from 'vitest'
import { createClock } from './clock.js'

describe('clock', () => {
  it('follows the wall clock when no start is given', () => {
    let t = 1_000
    const c = createClock({ realNow: () => t })
    t = 5_000
    expect(c.now().getTime()).toBe(5_000)
    expect(c.simulated).toBe(false)
  })

  it('runs a simulated calendar from its start at the given speed', () => {
    let t = 10_000
    const c = createClock({ start: new Date('2024-01-01T00:00:00+08:00'), speed: 86_400, realNow: () => t })
    t += 1_000 // one real second = one simulated day
    expect(c.now().toISOString()).toBe('2024-01-01T16:00:00.000Z')
  })

  it('stays at its start while held, then runs from the moment it is released', () => {
    let t = 10_000
    const c = createClock({ start: new Date('2024-01-01T00:00:00+08:00'), speed: 86_400, realNow: () => t, held: true })
    t += 5_000
    expect(c.held).toBe(true)
    expect(c.now().toISOString()).toBe('2023-12-31T16:00:00.000Z')
    c.release()
    t += 1_000
    expect(c.held).toBe(false)
    expect(c.now().toISOString()).toBe('2024-01-01T16:00:00.000Z')
    c.release() // a second release changes nothing
    expect(c.now().toISOString()).toBe('2024-01-01T16:00:00.000Z')
  })
})
