import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from './dates.js'
import { forecastAt } from './forecast.js'
import type { Observation } from './observation.js'

const quarterEnds = [
  '2023-03-31',
  '2023-06-30',
  '2023-09-30',
  '2023-12-31',
  '2024-03-31',
  '2024-06-30',
  '2024-09-30',
  '2024-12-31',
]

/** Values on an exact line of 0.1 per day from 2023-01-01. */
const onLine = (dates: string[]): Observation[] =>
  dates.map((d) => ({ periodEnd: d, value: 0.1 * daysBetween('2023-01-01', d) }))

describe('forecastAt', () => {
  it('extends an exact straight line to the target date', () => {
    expect(forecastAt(onLine(quarterEnds), '2025-12-31')).toBeCloseTo(0.1 * daysBetween('2023-01-01', '2025-12-31'), 9)
  })

  it('fits the least-squares line through scattered points', () => {
    const obs = [
      { periodEnd: '2025-01-01', value: 1 },
      { periodEnd: '2025-01-02', value: 3 },
      { periodEnd: '2025-01-03', value: 2 },
    ]
    // slope 0.5, mean (x=1, y=2): at x=5 → 2 + 0.5·4
    expect(forecastAt(obs, '2025-01-06')).toBeCloseTo(4, 12)
  })

  it('uses only the last N reporting dates, so an earlier pace does not drag the trend', () => {
    const flatThenRising: Observation[] = [
      ...['2023-03-31', '2023-06-30', '2023-09-30'].map((d) => ({ periodEnd: d, value: 10 })),
      ...onLine(['2024-03-31', '2024-06-30', '2024-09-30']),
    ]
    expect(forecastAt(flatThenRising, '2025-12-31', 3)).toBeCloseTo(0.1 * daysBetween('2023-01-01', '2025-12-31'), 9)
    expect(forecastAt(flatThenRising, '2025-12-31', 6)).not.toBeCloseTo(
      0.1 * daysBetween('2023-01-01', '2025-12-31'),
      3,
    )
  })

  it('does not depend on the order the observations are given in', () => {
    const obs = onLine(quarterEnds)
    expect(forecastAt([...obs].reverse(), '2025-12-31')).toBe(forecastAt(obs, '2025-12-31'))
  })

  it('is null with no data, one observation, or several for a single date', () => {
    expect(forecastAt([], '2025-12-31')).toBeNull()
    expect(forecastAt([{ periodEnd: '2024-12-31', value: 5 }], '2025-12-31')).toBeNull()
    expect(
      forecastAt(
        [
          { periodEnd: '2024-12-31', value: 5 },
          { periodEnd: '2024-12-31', value: 7 },
        ],
        '2025-12-31',
      ),
    ).toBeNull()
  })

  it('is null when lastN leaves fewer than two dates', () => {
    expect(forecastAt(onLine(quarterEnds), '2025-12-31', 1)).toBeNull()
    expect(forecastAt(onLine(quarterEnds), '2025-12-31', 0)).toBeNull()
  })

  it('counts a corrected period once, taking the value given later', () => {
    const obs = [
      { periodEnd: '2025-01-01', value: 0 },
      { periodEnd: '2025-01-02', value: 100 },
      { periodEnd: '2025-01-02', value: 1 },
    ]
    expect(forecastAt(obs, '2025-01-03')).toBeCloseTo(2, 12)
  })

  it('ignores non-finite values', () => {
    const obs = [...onLine(quarterEnds.slice(0, 4)), { periodEnd: '2024-03-31', value: Number.NaN }]
    expect(forecastAt(obs, '2025-12-31')).toBeCloseTo(0.1 * daysBetween('2023-01-01', '2025-12-31'), 9)
  })

  it('throws on a malformed target date', () => {
    expect(() => forecastAt(onLine(quarterEnds), '2025-12-32')).toThrow(RangeError)
  })

  it('reproduces any line exactly enough, and mirrors exactly when values are negated', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { minLength: 2, maxLength: 10 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.integer({ min: 0, max: 4000 }),
        (days, slope, intercept, at) => {
          const obs = days.map((n) => ({ periodEnd: addDays('2020-01-01', n), value: intercept + slope * n }))
          const date = addDays('2020-01-01', at)
          const f = forecastAt(obs, date)
          expect(f).not.toBeNull()
          expect(Math.abs((f ?? 0) - (intercept + slope * at))).toBeLessThan(
            1e-6 * (1 + Math.abs(intercept) + Math.abs(slope) * 4000),
          )
          const mirrored = forecastAt(
            obs.map((o) => ({ ...o, value: -o.value })),
            date,
          )
          expect((mirrored ?? 0) + (f ?? 0)).toBe(0)
        },
      ),
    )
  })
})
