/** Nearest-rank percentile of an ascending array (p in 0–100); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** Median as the mean of the two middle values for an even count. */
export function median(sorted: number[]): number {
  if (!sorted.length) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
