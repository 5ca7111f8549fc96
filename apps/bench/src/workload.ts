import { BENCH_START_YEAR, type BenchPlan, MONTHS_PER_SERIES } from './plan-shape.js'

/** One value as a client posts it (the contract's SubmitItem with an indicator id). */
export interface BenchItem {
  indicator: number
  jurisdiction: string
  period: string
  value: number
  /** Which (indicator, jurisdiction) series the item belongs to; stripped before posting. */
  series: number
  /** Last day of the month, for the floor's rows (the worker derives it from the period). */
  periodEnd: string
}

const pad2 = (n: number) => String(n).padStart(2, '0')

function monthEnd(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${pad2(month)}-${pad2(day)}`
}

/**
 * `count` distinct values, series after series (each series = one indicator in one jurisdiction, all its
 * months in order), like a department back-filling its history. Values stay in 20–80 so a percent is
 * never read as a ratio.
 */
export function buildItems(plan: BenchPlan, count: number): BenchItem[] {
  const items: BenchItem[] = []
  let series = 0
  for (const jurisdiction of plan.jurisdictions) {
    for (const indicator of plan.indicatorIds) {
      for (let m = 0; m < MONTHS_PER_SERIES; m++) {
        if (items.length === count) return items
        const year = BENCH_START_YEAR + Math.floor(m / 12)
        const month = (m % 12) + 1
        items.push({ indicator, jurisdiction, period: `${year}-${pad2(month)}`, value: 20 + ((items.length * 37) % 6000) / 100, series, periodEnd: monthEnd(year, month) })
      }
      series++
    }
  }
  if (items.length < count) throw new Error(`only ${items.length} distinct keys for ${count} values`)
  return items
}

/**
 * Cuts the items into requests of at most `size`. Aligned, a batch ends at the last series boundary that
 * fits (a series longer than a batch is still split): two batches processed at once then never touch the
 * same (indicator, jurisdiction) pair, whose status recomputation the worker serialises with a lock.
 */
export function toBatches(items: BenchItem[], size: number, align: boolean): BenchItem[][] {
  const batches: BenchItem[][] = []
  let start = 0
  while (start < items.length) {
    let end = Math.min(start + size, items.length)
    if (align && end < items.length && items[end - 1]!.series === items[end]!.series) {
      let cut = end
      while (cut > start && items[cut - 1]!.series === items[end]!.series) cut--
      if (cut > start) end = cut
    }
    batches.push(items.slice(start, end))
    start = end
  }
  return batches
}
