import { describe, expect, it } from 'vitest'
import { profileFor, type ProfileKind } from './profiles.js'

describe('profileFor', () => {
  it('is fixed by seed and indicator', () => {
    expect(profileFor(42, 17)).toEqual(profileFor(42, 17))
  })

  it('mixes roughly 40% on path, 25% ahead, 25% behind and 10% early over many indicators', () => {
    const counts = new Map<ProfileKind, number>()
    const n = 5000
    for (let id = 1; id <= n; id++) {
      const k = profileFor(42, id).kind
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    const share = (k: ProfileKind) => (counts.get(k) ?? 0) / n
    expect(share('on-path')).toBeCloseTo(0.4, 1)
    expect(share('ahead')).toBeCloseTo(0.25, 1)
    expect(share('behind') + share('far-behind')).toBeCloseTo(0.25, 1)
    expect(share('behind')).toBeGreaterThan(0.08)
    expect(share('far-behind')).toBeGreaterThan(0.08)
    expect(share('early')).toBeCloseTo(0.1, 1)
  })

  it('puts ahead and early profiles above the path and behind ones below it, beyond the on-track band', () => {
    for (let id = 1; id <= 500; id++) {
      const p = profileFor(7, id)
      if (p.kind === 'ahead' || p.kind === 'early') expect(p.offset).toBeGreaterThan(0)
      if (p.kind === 'behind') expect(p.offset).toBeLessThan(-0.05)
      if (p.kind === 'far-behind') expect(p.offset).toBeLessThan(-0.15)
      if (p.kind === 'on-path') expect(Math.abs(p.offset)).toBeLessThanOrEqual(0.03)
      if (p.kind === 'early') expect(p.speedUp).toBeGreaterThan(1)
      else expect(p.speedUp).toBe(1)
    }
  })
})
