/** One line of the summary: the figure, its floor measured in the same run, their ratio and the goal. */
export interface Measurement {
  name: string
  /** The figure in `unit` (ms for latencies, s for jobs, values/s for ingest, MB for sizes). */
  value: number
  unit: string
  floor: { value: number; what: string } | null
  /** Floor ÷ figure for times, figure ÷ floor for rates: the share of the floor's speed the product keeps (1 = as fast). */
  ratio: number | null
  goal: { text: string; pass: boolean } | null
  /** Peak resident set of the bench process (API, services and client in one) during the measurement. */
  peakRssMb: number
  details: Record<string, unknown>
}

export interface MeasureContext {
  /** The product clock of the data set. */
  now: Date
  /** Requests per read for the p95s. */
  requests: number
  redisUrl: string
  progress: (msg: string) => void
}
