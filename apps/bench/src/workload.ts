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

/** Back-filling history series by series, or regular reporting: one month across every series. */
export type BenchOrder = 'series' | 'period'

/**
 * `count` distinct values. In series order each (indicator, jurisdiction) series comes whole, months in
 * order, like a department back-filling its history; in period order a month comes across every series,
 * like the monthly report. Values stay in 20–80 so a percent is never read as a ratio.
 */
export function buildItems(plan: BenchPlan, count: number, order: BenchOrder = 'series'): BenchItem[] {
  const series = plan.jurisdictions.flatMap((jurisdiction) =>
    plan.indicatorIds.map((indicator) => ({ indicator, jurisdiction })),
  )
  if (count > series.length * MONTHS_PER_SERIES)
    throw new Error(`only ${series.length * MONTHS_PER_SERIES} distinct keys for ${count} values`)
  const items: BenchItem[] = []
  for (let n = 0; n < count; n++) {
    const s = order === 'series' ? Math.floor(n / MONTHS_PER_SERIES) : n % series.length
    const m = order === 'series' ? n % MONTHS_PER_SERIES : Math.floor(n / series.length)
    const year = BENCH_START_YEAR + Math.floor(m / 12)
    const month = (m % 12) + 1
    const { indicator, jurisdiction } = series[s]!
    items.push({
      indicator,
      jurisdiction,
      period: `${year}-${pad2(month)}`,
      value: 20 + ((n * 37) % 6000) / 100,
      series: s,
      periodEnd: monthEnd(year, month),
    })
  }
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
