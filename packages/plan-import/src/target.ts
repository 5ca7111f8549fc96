import type { SourceRef } from './document.js'

export type Comparator = 'gte' | 'lte' | 'eq' | 'range'

/** One proposed indicator target, as the grammar reads it. */
export interface TargetProposal {
  indicator: string
  unit: string
  year: number
  comparator: Comparator
  value: number
  valueMax?: number
  /** 约束性 → binding, 预期性 → expected, when a table or the wording says so. */
  nature?: 'binding' | 'expected'
  baseline?: { year: number; value: number }
  direction: 'higher' | 'lower'
  /** 累计 (over the whole horizon) or 每年 (each year) when the wording says so. */
  accumulation?: 'cumulative' | 'per-year'
  /** Who reports it, when an indicator table has a 牵头/责任单位 column. */
  departments?: { lead: string[]; cooperating: string[] }
  quote: string
  source: SourceRef
  /** For a table row: all its cells, so a reviewer sees the figures beside the name. */
  row?: string[]
  /** Which rule read it (for review and for the bench's misses). */
  rule: string
}
