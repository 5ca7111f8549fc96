import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { addDays, daysBetween, isIsoDate, shanghaiDate, yearEnd } from './dates.js'

const day = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays('1950-01-01', n))

describe('isIsoDate', () => {
  it('accepts real calendar dates, including 29 February in leap years', () => {
    for (const d of ['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'])
      expect(isIsoDate(d)).toBe(true)
  })

  it('rejects 29 February outside leap years, century years included', () => {
    expect(isIsoDate('2023-02-29')).toBe(false)
    expect(isIsoDate('1900-02-29')).toBe(false)
  })

  it('rejects impossible days and months and loose formats', () => {
    for (const d of [
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-01',
      '25-01-01',
      '2025/01/01',
      '',
      ' 2025-01-01',
      '2025-01-01T00:00',
    ]) {
      expect(isIsoDate(d)).toBe(false)
    }
  })
})

describe('daysBetween', () => {
  it('counts whole days from a to b, negative when b is earlier', () => {
    expect(daysBetween('2025-01-01', '2025-01-31')).toBe(30)
    expect(daysBetween('2025-01-31', '2025-01-01')).toBe(-30)
    expect(daysBetween('2025-06-30', '2025-06-30')).toBe(0)
  })

  it('counts the leap day in a leap year and not otherwise', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1)
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366)
    expect(daysBetween('2022-12-31', '2025-12-31')).toBe(1096)
  })

  it('does not map two-digit years onto the twentieth century', () => {
    expect(daysBetween('0099-12-31', '0100-01-01')).toBe(1)
  })

  it('throws on a malformed date instead of returning NaN', () => {
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(RangeError)
    expect(() => daysBetween('2025-01-01', 'soon')).toThrow(RangeError)
  })
})

describe('addDays', () => {
  it('steps across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
  })

  it('rejects fractional day counts and malformed dates', () => {
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError)
    expect(() => addDays('2025-1-1', 1)).toThrow(RangeError)
  })

  it('refuses to leave the four-digit year range', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError)
  })

  it('is the inverse of daysBetween', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n)
      }),
    )
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toBe(b)
      }),
    )
  })

  it('always produces a valid ISO date whose string order is date order', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(isIsoDate(a)).toBe(true)
        expect(Math.sign(daysBetween(a, b))).toBe(a < b ? 1 : a > b ? -1 : 0)
      }),
    )
  })
})

describe('yearEnd', () => {
  it('is 31 December of the year', () => {
    expect(yearEnd(2025)).toBe('2025-12-31')
    expect(yearEnd(802)).toBe('0802-12-31')
  })

  it('rejects non-integer years', () => {
    expect(() => yearEnd(2025.5)).toThrow(RangeError)
  })
})

describe('shanghaiDate', () => {
  const savedTz = process.env.TZ
  afterEach(() => {
    process.env.TZ = savedTz
  })

  it('turns over at 16:00 UTC, which is midnight in Shanghai', () => {
    expect(shanghaiDate(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31')
    expect(shanghaiDate(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01')
  })

  it('lands on the leap day', () => {
    expect(shanghaiDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29')
  })

  it('does not depend on the host time zone', () => {
    const instant = new Date('2025-03-09T17:30:00Z')
    process.env.TZ = 'America/New_York'
    const inNewYork = [shanghaiDate(instant), daysBetween('2025-03-08', '2025-03-10')]
    process.env.TZ = 'Asia/Kolkata'
    const inKolkata = [shanghaiDate(instant), daysBetween('2025-03-08', '2025-03-10')]
    expect(inNewYork).toEqual(['2025-03-10', 2])
    expect(inKolkata).toEqual(inNewYork)
  })

  it('throws on an invalid Date', () => {
    expect(() => shanghaiDate(new Date('not a date'))).toThrow(RangeError)
  })
})
