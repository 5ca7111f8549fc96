import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rollup, type RollupChild } from './rollup.js'

const kids = (...values: number[]): RollupChild[] => values.map((value, i) => ({ code: `32010${i}`, value }))
const gte80 = { point: { dueDate: '2025-12-31', comparator: 'gte' as const, value: 80 }, direction: 'higher' as const }

describe('rollup rules', () => {
  it('sums the children', () => {
    expect(rollup({ rule: 'sum', children: kids(1, 2, 3.5), expected: 3, minCoverage: 1 })).toEqual({
      value: 6.5,
      coverage: { reported: 3, expected: 3 },
      complete: true,
    })
  })
  it('averages the children', () => {
    expect(rollup({ rule: 'mean', children: kids(60, 80, 100), expected: 3, minCoverage: 1 }).value).toBe(80)
  })
  it('weights rates by another indicator (上云率 = Σ(rate·systems)/Σ systems)', () => {
    const children = [
      { code: 'a', value: 50, weight: 10 },
      { code: 'b', value: 100, weight: 30 },
    ]
    expect(rollup({ rule: 'weighted-mean', children, expected: 2, minCoverage: 1 })).toEqual({
      value: 87.5,
      coverage: { reported: 2, expected: 2 },
      complete: true,
    })
  })
  it('leaves a child without a weight out of a weighted mean and out of the coverage', () => {
    const r = rollup({
      rule: 'weighted-mean',
      children: [
        { code: 'a', value: 50, weight: 10 },
        { code: 'b', value: 100 },
      ],
      expected: 2,
      minCoverage: 1,
    })
    expect(r).toEqual({ value: 50, coverage: { reported: 1, expected: 2 }, complete: false })
  })
  it('has no weighted mean when all weights are 0', () => {
    expect(
      rollup({ rule: 'weighted-mean', children: [{ code: 'a', value: 50, weight: 0 }], expected: 1, minCoverage: 1 })
        .value,
    ).toBeNull()
  })
  it('takes the smallest and the largest', () => {
    expect(rollup({ rule: 'min', children: kids(7, 3, 9), expected: 3, minCoverage: 1 }).value).toBe(3)
    expect(rollup({ rule: 'max', children: kids(7, 3, 9), expected: 3, minCoverage: 1 }).value).toBe(9)
  })
  it('gives the share in % of children meeting the target, by its comparator', () => {
    expect(
      rollup({
        rule: 'share-meeting',
        children: kids(79.99999999999, 85, 60, 90),
        expected: 4,
        minCoverage: 1,
        target: gte80,
      }).value,
    ).toBe(75)
    const lte = { point: { dueDate: '2025-12-31', comparator: 'lte' as const, value: 10 }, direction: 'lower' as const }
    expect(
      rollup({ rule: 'share-meeting', children: kids(5, 10, 11, 20), expected: 4, minCoverage: 1, target: lte }).value,
    ).toBe(50)
    const range = {
      point: { dueDate: '2025-12-31', comparator: 'range' as const, value: 1, valueMax: 2 },
      direction: 'higher' as const,
    }
    expect(
      rollup({ rule: 'share-meeting', children: kids(0, 1, 3), expected: 3, minCoverage: 1, target: range }).value,
    ).toBeCloseTo(200 / 3)
  })
  it('has no share without a target', () => {
    expect(rollup({ rule: 'share-meeting', children: kids(1), expected: 1, minCoverage: 1 }).value).toBeNull()
  })
  it('marks a value below minCoverage incomplete and one at it complete', () => {
    expect(rollup({ rule: 'sum', children: kids(1, 2), expected: 3, minCoverage: 1 }).complete).toBe(false)
    expect(rollup({ rule: 'sum', children: kids(1, 2), expected: 3, minCoverage: 2 / 3 }).complete).toBe(true)
    expect(
      rollup({ rule: 'sum', children: kids(...Array.from({ length: 9 }, () => 1)), expected: 10, minCoverage: 0.9 })
        .complete,
    ).toBe(true)
  })
  it('has no value and is incomplete when no child reported', () => {
    expect(rollup({ rule: 'mean', children: [], expected: 4, minCoverage: 0 })).toEqual({
      value: null,
      coverage: { reported: 0, expected: 4 },
      complete: false,
    })
  })
})

const value = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })
const rate = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true })
const children = (arb: fc.Arbitrary<number>) =>
  fc.array(arb, { minLength: 1, maxLength: 30 }).map((vs) => vs.map((v, i) => ({ code: String(i), value: v })))

describe('rollup properties', () => {
  it('a weighted mean of rates never leaves [min, max] of the children', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rate, fc.double({ min: 0.001, max: 1e5, noNaN: true })), { minLength: 1, maxLength: 30 }),
        (pairs) => {
          const cs = pairs.map(([v, w], i) => ({ code: String(i), value: v, weight: w }))
          const r = rollup({ rule: 'weighted-mean', children: cs, expected: cs.length, minCoverage: 1 })
          const vs = cs.map((c) => c.value)
          expect(r.value).not.toBeNull()
          expect(r.value!).toBeGreaterThanOrEqual(Math.min(...vs))
          expect(r.value!).toBeLessThanOrEqual(Math.max(...vs))
        },
      ),
    )
  })

  it('a sum is additive: the sum of all children is the sum of the parts', () => {
    fc.assert(
      fc.property(children(value), fc.nat(), (cs, cut) => {
        const k = cut % (cs.length + 1)
        const whole = rollup({ rule: 'sum', children: cs, expected: cs.length, minCoverage: 1 }).value!
        const left = k === 0 ? 0 : rollup({ rule: 'sum', children: cs.slice(0, k), expected: k, minCoverage: 1 }).value!
        const right =
          k === cs.length
            ? 0
            : rollup({ rule: 'sum', children: cs.slice(k), expected: cs.length - k, minCoverage: 1 }).value!
        expect(whole).toBeCloseTo(left + right, 3)
      }),
    )
  })

  it('revising one child by d changes the sum by d', () => {
    fc.assert(
      fc.property(children(value), fc.nat(), fc.double({ min: -1e5, max: 1e5, noNaN: true }), (cs, at, d) => {
        const i = at % cs.length
        const before = rollup({ rule: 'sum', children: cs, expected: cs.length, minCoverage: 1 }).value!
        const revised = cs.map((c, j) => (j === i ? { ...c, value: c.value + d } : c))
        const after = rollup({ rule: 'sum', children: revised, expected: cs.length, minCoverage: 1 }).value!
        expect(after - before).toBeCloseTo(d, 3)
      }),
    )
  })

  it('a missing child lowers the coverage, never the value of mean/min/max of those present', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mean' as const, 'min' as const, 'max' as const),
        children(value),
        fc.nat(),
        (rule, cs, at) => {
          fc.pre(cs.length >= 2)
          const i = at % cs.length
          const present = cs.filter((_, j) => j !== i)
          const full = rollup({ rule, children: cs, expected: cs.length, minCoverage: 1 })
          const missing = rollup({ rule, children: present, expected: cs.length, minCoverage: 1 })
          const alone = rollup({ rule, children: present, expected: present.length, minCoverage: 1 })
          expect(missing.coverage.reported).toBe(full.coverage.reported - 1)
          expect(missing.value).toBe(alone.value)
        },
      ),
    )
  })

  it('below minCoverage the value is incomplete, at or above it complete', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (expected, n, minCoverage) => {
          const reported = n % (expected + 1)
          const r = rollup({
            rule: 'sum',
            children: kids(...Array.from({ length: reported }, () => 1)),
            expected,
            minCoverage,
          })
          expect(r.coverage).toEqual({ reported, expected })
          if (reported === 0) expect(r.complete).toBe(false)
          else expect(r.complete).toBe(reported / expected >= minCoverage - 1e-9)
        },
      ),
    )
  })
})
