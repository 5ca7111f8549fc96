import type { Direction, RollupRule } from '@cockpit/contracts'
import { meetsTarget, type TargetPoint } from './target.js'

/** One direct child's value in force for the period; `weight` only for weighted-mean (e.g. the child's 系统数). */
export interface RollupChild {
  code: string
  value: number
  weight?: number | null
}

export interface RollupInput {
  rule: RollupRule
  /** The children that reported, at most one per code. */
  children: RollupChild[]
  /** How many direct children the parent has (non-retired): the denominator of coverage. */
  expected: number
  /** Share of `expected` (0..1) that must have reported for the value to be complete. */
  minCoverage: number
  /** share-meeting only: the target the period is judged against and the indicator's direction. */
  target?: { point: TargetPoint; direction: Direction } | null
}

export interface RollupResult {
  /** null when no usable child value exists (nothing reported, or weights summing to 0). */
  value: number | null
  /** `reported` counts the children that entered the value (for weighted-mean: those with a weight too). */
  coverage: { reported: number; expected: number }
  /** reported/expected reaches minCoverage and a value exists; an incomplete value must not drive status or alerts. */
  complete: boolean
}

/** Children that can enter the value: finite values, and for weighted-mean a finite non-negative weight. */
export const usableChildren = (rule: RollupRule, children: RollupChild[]): RollupChild[] =>
  children.filter(
    (c) =>
      Number.isFinite(c.value) &&
      (rule !== 'weighted-mean' || (typeof c.weight === 'number' && Number.isFinite(c.weight) && c.weight >= 0)),
  )

/**
 * Aggregates the children's values by the rule. Missing children lower the coverage only: the value is
 * always the aggregate of those present (a sum of present children is a partial sum, flagged incomplete).
 */
export function rollup(input: RollupInput): RollupResult {
  const used = usableChildren(input.rule, input.children)
  const expected = Math.max(input.expected, used.length)
  const coverage = { reported: used.length, expected }
  const value = aggregate(input, used)
  // A tolerance so that 0.9 of 10 children (9 reported) is complete despite float noise.
  const complete = value !== null && expected > 0 && used.length + 1e-9 >= input.minCoverage * expected
  return { value, coverage, complete }
}

function aggregate(input: RollupInput, used: RollupChild[]): number | null {
  if (used.length === 0) return null
  const values = used.map((c) => c.value)
  switch (input.rule) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0)
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length
    case 'weighted-mean': {
      const total = used.reduce((a, c) => a + (c.weight as number), 0)
      if (total <= 0) return null
      const mean = used.reduce((a, c) => a + c.value * (c.weight as number), 0) / total
      // Float rounding may step a hair outside the children's range; a weighted mean never does.
      return Math.min(Math.max(mean, Math.min(...values)), Math.max(...values))
    }
    case 'min':
      return Math.min(...values)
    case 'max':
      return Math.max(...values)
    case 'share-meeting': {
      if (!input.target) return null
      const { point, direction } = input.target
      const meeting = used.filter((c) => meetsTarget(point, c.value, direction)).length
      return (100 * meeting) / used.length
    }
  }
}
