import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { competitionRanks } from './ranking.js'

describe('competitionRanks', () => {
  it('ranks higher figures first and lets ties share a rank, skipping the next', () => {
    expect(competitionRanks([5, 9, 9, 1], (x) => x, 'desc')).toEqual([3, 1, 1, 4])
  })
  it('ranks lower figures first for lower-is-better', () => {
    expect(competitionRanks([5, 9, 1], (x) => x, 'asc')).toEqual([2, 3, 1])
  })
  it('leaves places without a figure unranked', () => {
    expect(competitionRanks([null, 3, Number.NaN, 4], (x) => x, 'desc')).toEqual([null, 2, null, 1])
  })
  it('gives rank 1 to the best figure and never ranks a worse figure ahead of a better one', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), { maxLength: 30 }), (xs) => {
        const ranks = competitionRanks(xs, (x) => x, 'desc')
        const present = xs.flatMap((x, i) => (x === null ? [] : [{ x, r: ranks[i] as number }]))
        if (present.length) expect(Math.min(...present.map((p) => p.r))).toBe(1)
        for (const a of present) for (const b of present) if (a.x > b.x) expect(a.r).toBeLessThan(b.r)
        xs.forEach((x, i) => {
          expect(ranks[i] === null).toBe(x === null)
        })
      }),
    )
  })
})
