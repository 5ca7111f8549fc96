import type { Measure } from '@cockpit/contracts'

/**
 * A value as a department would report it: a percent in 0–100 to one decimal, a count as a
 * non-negative integer, a quantity as a non-negative number to two decimals. The ingest worker
 * rejects anything else, so the simulator never sends it.
 */
export function toMeasure(value: number, measure: Measure): number {
  const v = Number.isFinite(value) ? value : 0
  switch (measure) {
    case 'percent':
      return Math.min(100, Math.max(0, Math.round(v * 10) / 10))
    case 'count':
      return Math.max(0, Math.round(v))
    case 'quantity':
      return Math.max(0, Math.round(v * 100) / 100)
  }
}

/**
 * The value as put in the JSON item. The API reads a bare percent strictly between 0 and 1 as a ratio
 * (0.5 → 50%), so such a value is sent with its % sign to mean what it says.
 */
export function wireValue(value: number, measure: Measure): number | string {
  return measure === 'percent' && value > 0 && value < 1 ? `${value}%` : value
}
