// The synthetic plan's dimensions, apart from the code that writes it so pure code can import them.

/** 南昌: the plan hangs under a real seeded city so the synthetic counties sit in the real tree. */
export const BENCH_PARENT = '360100'
export const BENCH_START_YEAR = 2016
export const BENCH_END_YEAR = 2025
export const MONTHS_PER_SERIES = (BENCH_END_YEAR - BENCH_START_YEAR + 1) * 12
export const BENCH_INDICATORS = 50
/** 360150–360199: unused by the seeds, so the synthetic counties never collide with real codes. */
export const FIRST_CHILD = 360150
export const MAX_CHILDREN = 50
/** 1 + 16 jurisdictions × 50 indicators × 120 months ≈ 102k keys: the default run fits without reuse. */
const DEFAULT_CHILDREN = 16

export interface BenchPlan {
  departmentId: number
  token: string
  tokenId: number
  indicatorIds: number[]
  /** The city first, then its synthetic counties: every one may report every indicator. */
  jurisdictions: string[]
}

/** Enough jurisdictions for `values` distinct (indicator, jurisdiction, month) keys. */
export function childrenFor(values: number): number {
  const perJurisdiction = BENCH_INDICATORS * MONTHS_PER_SERIES
  const needed = Math.ceil(values / perJurisdiction) - 1
  if (needed > MAX_CHILDREN)
    throw new Error(`--values: at most ${(MAX_CHILDREN + 1) * perJurisdiction} distinct keys are available`)
  return Math.max(DEFAULT_CHILDREN, needed)
}
