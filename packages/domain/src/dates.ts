/** A calendar date 'YYYY-MM-DD' as the plans mean it: a day in Asia/Shanghai, not an instant. */
export type IsoDate = string

const MS_PER_DAY = 86_400_000
// China has had no daylight saving time since 1991, so Shanghai is a fixed UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

interface CalendarDate {
  year: number
  month: number
  day: number
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

const parts = (s: string): CalendarDate | null => {
  const m = ISO_DATE.exec(s)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

/** A real calendar date in the fixed-width form, so that string order is date order. */
export const isIsoDate = (s: string): boolean => parts(s) !== null

/** Throws rather than guessing: a malformed date is a caller's bug, and a silent NaN would corrupt every status. */
export const assertIsoDate = (s: string): void => {
  if (parts(s) === null) throw new RangeError(`not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`)
}

const toUtcMs = (s: IsoDate): number => {
  const p = parts(s)
  if (p === null) throw new RangeError(`not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`)
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not, so every 4-digit year round-trips.
  const d = new Date(Date.UTC(2000, 0, 1))
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  return d.getTime()
}

const fromUtcMs = (ms: number): IsoDate => {
  const d = new Date(ms)
  const year = d.getUTCFullYear()
  // The fixed 4-digit form (which keeps string order = date order) cannot hold other years.
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new RangeError('date out of the range 0000–9999')
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
}

/** b − a in whole days; both are midnights in UTC, so the host time zone and DST never enter. */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((toUtcMs(b) - toUtcMs(a)) / MS_PER_DAY)

export const addDays = (d: IsoDate, n: number): IsoDate => {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`)
  return fromUtcMs(toUtcMs(d) + n * MS_PER_DAY)
}

/** A plan's "2025年" means by the end of that year. */
export const yearEnd = (year: number): IsoDate => {
  if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`not a year: ${year}`)
  return `${pad(year, 4)}-12-31`
}

/** The calendar date in Asia/Shanghai at an instant: what "today" means to the plan's users. */
export const shanghaiDate = (instant: Date): IsoDate => {
  const ms = instant.getTime()
  if (Number.isNaN(ms)) throw new RangeError('invalid Date')
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS)
}
