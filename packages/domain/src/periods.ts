import type { Cadence } from '@cockpit/contracts'
import { addDays, assertIsoDate, daysInMonth, type IsoDate } from './dates.js'

/** A reporting period (月跟踪、季通报、年考核); keys '2025-03', '2025-Q1', '2025'. */
export interface Period {
  cadence: Cadence
  key: string
  start: IsoDate
  end: IsoDate
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

const month = (year: number, m: number): Period => ({
  cadence: 'monthly',
  key: `${pad(year, 4)}-${pad(m, 2)}`,
  start: `${pad(year, 4)}-${pad(m, 2)}-01`,
  end: `${pad(year, 4)}-${pad(m, 2)}-${pad(daysInMonth(year, m), 2)}`,
})

const quarter = (year: number, q: number): Period => {
  const last = q * 3
  return {
    cadence: 'quarterly',
    key: `${pad(year, 4)}-Q${q}`,
    start: `${pad(year, 4)}-${pad(last - 2, 2)}-01`,
    end: `${pad(year, 4)}-${pad(last, 2)}-${pad(daysInMonth(year, last), 2)}`,
  }
}

const year = (y: number): Period => ({
  cadence: 'yearly',
  key: pad(y, 4),
  start: `${pad(y, 4)}-01-01`,
  end: `${pad(y, 4)}-12-31`,
})

/** The period of the given cadence that contains date. */
export const periodOf = (cadence: Cadence, date: IsoDate): Period => {
  assertIsoDate(date)
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  switch (cadence) {
    case 'monthly':
      return month(y, m)
    case 'quarterly':
      return quarter(y, Math.ceil(m / 3))
    case 'yearly':
      return year(y)
  }
}

/** The cadence follows from the key's shape; anything else (including 'Q5', month 13, lower-case 'q') is null. */
export const parsePeriod = (key: string): Period | null => {
  let m = /^(\d{4})$/.exec(key)
  if (m) return year(Number(m[1]))
  m = /^(\d{4})-Q([1-4])$/.exec(key)
  if (m) return quarter(Number(m[1]), Number(m[2]))
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key)
  if (m) return month(Number(m[1]), Number(m[2]))
  return null
}

// Stepping over the boundary day reuses periodOf, so month lengths and leap years are handled in one place.
export const previousPeriod = (p: Period): Period => periodOf(p.cadence, addDays(p.start, -1))

export const nextPeriod = (p: Period): Period => periodOf(p.cadence, addDays(p.end, 1))

/** Every period overlapping [from, to], oldest first; empty when from is after to. */
export const periodsBetween = (cadence: Cadence, from: IsoDate, to: IsoDate): Period[] => {
  assertIsoDate(from)
  assertIsoDate(to)
  const out: Period[] = []
  if (from > to) return out
  for (let p = periodOf(cadence, from); p.start <= to; ) {
    out.push(p)
    if (p.end >= '9999-12-31') break
    p = nextPeriod(p)
  }
  return out
}
