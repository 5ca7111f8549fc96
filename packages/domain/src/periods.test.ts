import type { Cadence } from '@cockpit/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from './dates.js'
import { nextPeriod, parsePeriod, periodOf, periodsBetween, previousPeriod } from './periods.js'

const cadence = fc.constantFrom<Cadence>('monthly', 'quarterly', 'yearly')
const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('1990-01-01', n))

describe('periodOf', () => {
  it('finds the month, with its real length', () => {
    expect(periodOf('monthly', '2025-03-15')).toEqual({
      cadence: 'monthly',
      key: '2025-03',
      start: '2025-03-01',
      end: '2025-03-31',
    })
    expect(periodOf('monthly', '2024-02-10').end).toBe('2024-02-29')
    expect(periodOf('monthly', '2023-02-10').end).toBe('2023-02-28')
    expect(periodOf('monthly', '2025-04-30').end).toBe('2025-04-30')
  })

  it('finds the quarter', () => {
    expect(periodOf('quarterly', '2025-01-01')).toEqual({
      cadence: 'quarterly',
      key: '2025-Q1',
      start: '2025-01-01',
      end: '2025-03-31',
    })
    expect(periodOf('quarterly', '2025-06-30').key).toBe('2025-Q2')
    expect(periodOf('quarterly', '2025-07-01')).toMatchObject({
      key: '2025-Q3',
      start: '2025-07-01',
      end: '2025-09-30',
    })
    expect(periodOf('quarterly', '2025-12-31')).toMatchObject({
      key: '2025-Q4',
      start: '2025-10-01',
      end: '2025-12-31',
    })
  })

  it('finds the year', () => {
    expect(periodOf('yearly', '2025-07-01')).toEqual({
      cadence: 'yearly',
      key: '2025',
      start: '2025-01-01',
      end: '2025-12-31',
    })
  })

  it('throws on a malformed date', () => {
    expect(() => periodOf('monthly', '2025-02-29')).toThrow(RangeError)
  })

  it('always contains the date, and its key parses back to itself', () => {
    fc.assert(
      fc.property(cadence, day, (c, d) => {
        const p = periodOf(c, d)
        expect(p.start <= d && d <= p.end).toBe(true)
        expect(parsePeriod(p.key)).toEqual(p)
        expect(periodOf(c, p.start)).toEqual(p)
        expect(periodOf(c, p.end)).toEqual(p)
      }),
    )
  })
})

describe('parsePeriod', () => {
  it('infers the cadence from the shape of the key', () => {
    expect(parsePeriod('2025-03')).toEqual(periodOf('monthly', '2025-03-01'))
    expect(parsePeriod('2025-Q4')).toEqual(periodOf('quarterly', '2025-10-01'))
    expect(parsePeriod('2025')).toEqual(periodOf('yearly', '2025-01-01'))
  })

  it('is null for anything else', () => {
    for (const key of [
      '',
      '2025-13',
      '2025-00',
      '2025-3',
      '2025-Q0',
      '2025-Q5',
      '2025-q1',
      '25',
      '2025-03-01',
      ' 2025',
      '2025Q1',
      'abc',
    ]) {
      expect(parsePeriod(key)).toBeNull()
    }
  })
})

describe('previousPeriod and nextPeriod', () => {
  it('step across year boundaries', () => {
    const jan = periodOf('monthly', '2025-01-15')
    expect(previousPeriod(jan).key).toBe('2024-12')
    expect(nextPeriod(periodOf('quarterly', '2025-11-01')).key).toBe('2026-Q1')
    expect(previousPeriod(periodOf('yearly', '2025-06-01')).key).toBe('2024')
  })

  it('step into and out of a leap February', () => {
    expect(nextPeriod(periodOf('monthly', '2024-01-31'))).toMatchObject({ key: '2024-02', end: '2024-02-29' })
    expect(previousPeriod(periodOf('monthly', '2024-03-01'))).toMatchObject({ key: '2024-02', end: '2024-02-29' })
  })

  it('next(previous(p)) = p and previous(next(p)) = p, with no gap or overlap between neighbours', () => {
    fc.assert(
      fc.property(cadence, day, (c, d) => {
        const p = periodOf(c, d)
        expect(nextPeriod(previousPeriod(p))).toEqual(p)
        expect(previousPeriod(nextPeriod(p))).toEqual(p)
        expect(daysBetween(p.end, nextPeriod(p).start)).toBe(1)
      }),
    )
  })
})

describe('periodsBetween', () => {
  it('lists every period overlapping the range, partial ones at both ends included', () => {
    expect(periodsBetween('quarterly', '2024-11-15', '2025-04-01').map((p) => p.key)).toEqual([
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
    ])
    expect(periodsBetween('monthly', '2025-01-31', '2025-02-01').map((p) => p.key)).toEqual(['2025-01', '2025-02'])
    expect(periodsBetween('yearly', '2023-12-31', '2025-01-01').map((p) => p.key)).toEqual(['2023', '2024', '2025'])
  })

  it('is the one period containing a single day', () => {
    expect(periodsBetween('monthly', '2025-03-10', '2025-03-10')).toEqual([periodOf('monthly', '2025-03-10')])
  })

  it('is empty when from is after to', () => {
    expect(periodsBetween('monthly', '2025-03-10', '2025-03-09')).toEqual([])
  })

  it('throws on malformed dates', () => {
    expect(() => periodsBetween('monthly', '2025-03', '2025-04-01')).toThrow(RangeError)
  })

  it('covers the range without gaps or overlaps', () => {
    fc.assert(
      fc.property(cadence, day, fc.integer({ min: 0, max: 1500 }), (c, from, length) => {
        const to = addDays(from, length)
        const ps = periodsBetween(c, from, to)
        const first = ps[0]
        const last = ps[ps.length - 1]
        if (first === undefined || last === undefined) throw new Error('a non-empty range has periods')
        expect(first.start <= from && from <= first.end).toBe(true)
        expect(last.start <= to && to <= last.end).toBe(true)
        for (let i = 1; i < ps.length; i++) {
          expect(daysBetween(ps[i - 1]?.end ?? '', ps[i]?.start ?? '')).toBe(1)
        }
        expect(ps.every((p) => p.cadence === c)).toBe(true)
      }),
    )
  })
})
