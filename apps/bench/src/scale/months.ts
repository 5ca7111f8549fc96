import { addDays, type IsoDate } from '@cockpit/domain'

export interface Month {
  year: number
  month: number
  key: string
  end: IsoDate
}

const pad2 = (n: number) => String(n).padStart(2, '0')

export function monthOf(year: number, month: number): Month {
  const end = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, key: `${year}-${pad2(month)}`, end: `${year}-${pad2(month)}-${pad2(end)}` }
}

/** Ten years of history: 2015-12 … 2025-11. */
export const LOADED_MONTHS: Month[] = Array.from({ length: 120 }, (_, i) => {
  const m = 2015 * 12 + 11 + i
  return monthOf(Math.floor(m / 12), (m % 12) + 1)
})

/** The month the ingest measurement reports for every series: the one due next at the product clock. */
export const INGEST_MONTH = monthOf(2025, 12)

/**
 * The product clock of the data set: 8 January 2026, 10:00 in Beijing. December's reports are due on the 10th
 * (due-soon), every earlier month has been reported.
 */
export const PRODUCT_NOW = new Date('2026-01-08T02:00:00Z')

/** A report made `days` after the period's end, at 10:00 Beijing time. */
export const reportedAt = (end: IsoDate, days: number) => new Date(`${addDays(end, days)}T10:00:00+08:00`)
