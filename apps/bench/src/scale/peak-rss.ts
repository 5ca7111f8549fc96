/**
 * Runs `fn` while sampling this process's resident set every 50 ms: the peak a measurement reached, which
 * `process.resourceUsage().maxRSS` (the peak since the process started) cannot give per measurement.
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 50)
  const started = performance.now()
  try {
    const result = await fn()
    const seconds = (performance.now() - started) / 1000
    peak = Math.max(peak, process.memoryUsage.rss())
    return { result, seconds, peakRssMb: peak / 2 ** 20 }
  } finally {
    clearInterval(timer)
  }
}

/** The nearest-rank percentile of a list of samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
