import { describe, expect, it } from 'vitest'
import {
  activeTarget,
  finalTarget,
  meetsTarget,
  sortedTargets,
  targetAnchor,
  type IndicatorSpec,
  type TargetPoint,
} from './target.js'

const gte80: TargetPoint = { dueDate: '2025-12-31', comparator: 'gte', value: 80 }
const lte0: TargetPoint = { dueDate: '2025-12-31', comparator: 'lte', value: 0 }
const eq100: TargetPoint = { dueDate: '2025-12-31', comparator: 'eq', value: 100 }
const oneToTwo: TargetPoint = { dueDate: '2025-12-31', comparator: 'range', value: 1, valueMax: 2 }

describe('meetsTarget', () => {
  it('a value exactly on a ≥ target is achieved', () => {
    expect(meetsTarget(gte80, 80, 'higher')).toBe(true)
    expect(meetsTarget(gte80, 80.5, 'higher')).toBe(true)
    expect(meetsTarget(gte80, 79.9, 'higher')).toBe(false)
  })

  it('a value exactly on a ≤ target is achieved ("为0" with 0)', () => {
    expect(meetsTarget(lte0, 0, 'lower')).toBe(true)
    expect(meetsTarget(lte0, 1, 'lower')).toBe(false)
  })

  it('float noise on the boundary still meets an inequality target', () => {
    expect(meetsTarget({ ...gte80, value: 0.3 }, 0.7 - 0.4, 'higher')).toBe(true) // 0.29999999999999993
    expect(meetsTarget(gte80, 80 - 1e-8, 'higher')).toBe(true)
    expect(meetsTarget(gte80, 80 - 1e-6, 'higher')).toBe(false)
  })

  it('an eq target allows only a relative 1e-9 difference, on either side', () => {
    expect(meetsTarget(eq100, 100 + 5e-8, 'higher')).toBe(true)
    expect(meetsTarget(eq100, 100 + 2e-7, 'higher')).toBe(false)
    expect(meetsTarget(eq100, 99.9, 'higher')).toBe(false)
    expect(meetsTarget({ ...eq100, value: 0 }, 5e-10, 'higher')).toBe(true)
  })

  it('a range is met inside and over-fulfilled in the good direction, not in the bad one', () => {
    expect(meetsTarget(oneToTwo, 1, 'higher')).toBe(true)
    expect(meetsTarget(oneToTwo, 2, 'higher')).toBe(true)
    expect(meetsTarget(oneToTwo, 3, 'higher')).toBe(true)
    expect(meetsTarget(oneToTwo, 0, 'higher')).toBe(false)
    expect(meetsTarget(oneToTwo, 0, 'lower')).toBe(true)
    expect(meetsTarget(oneToTwo, 3, 'lower')).toBe(false)
  })

  it('a range without an upper bound is the single value; a reversed range is read the right way round', () => {
    expect(meetsTarget({ ...oneToTwo, valueMax: null }, 1, 'lower')).toBe(true)
    expect(meetsTarget({ ...oneToTwo, valueMax: null }, 1.5, 'lower')).toBe(false)
    expect(meetsTarget({ ...oneToTwo, value: 2, valueMax: 1 }, 1, 'higher')).toBe(true)
  })

  it('a non-finite value never meets a target', () => {
    expect(meetsTarget(lte0, Number.NaN, 'lower')).toBe(false)
    expect(meetsTarget(gte80, Number.POSITIVE_INFINITY, 'higher')).toBe(false)
  })
})

describe('targetAnchor', () => {
  it('is the value for gte, lte and eq', () => {
    expect(targetAnchor(gte80, 'higher')).toBe(80)
    expect(targetAnchor(lte0, 'lower')).toBe(0)
    expect(targetAnchor(eq100, 'higher')).toBe(100)
  })

  it('is the bound to reach for a range: the minimum when higher is better, the maximum when lower', () => {
    expect(targetAnchor(oneToTwo, 'higher')).toBe(1)
    expect(targetAnchor(oneToTwo, 'lower')).toBe(2)
    expect(targetAnchor({ ...oneToTwo, value: 2, valueMax: 1 }, 'lower')).toBe(2)
  })
})

describe('target order', () => {
  const spec: IndicatorSpec = {
    direction: 'higher',
    measure: 'percent',
    baseline: null,
    targets: [
      { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
      { dueDate: '2023-12-31', comparator: 'gte', value: 50 },
      { dueDate: '2024-06-30', comparator: 'gte', value: 65 },
    ],
  }

  it('sortedTargets orders by due date without touching the input', () => {
    expect(sortedTargets(spec).map((t) => t.value)).toEqual([50, 65, 80])
    expect(spec.targets.map((t) => t.value)).toEqual([80, 50, 65])
  })

  it('finalTarget is the latest due target whatever the input order', () => {
    expect(finalTarget(spec).value).toBe(80)
  })

  it('activeTarget is the next one due, counting one due today, then the final one once all are past', () => {
    expect(activeTarget(spec, '2023-01-01').value).toBe(50)
    expect(activeTarget(spec, '2023-12-31').value).toBe(50)
    expect(activeTarget(spec, '2024-01-01').value).toBe(65)
    expect(activeTarget(spec, '2026-03-01').value).toBe(80)
  })

  it('an indicator without targets is rejected', () => {
    expect(sortedTargets({ targets: [] })).toEqual([])
    expect(() => finalTarget({ targets: [] })).toThrow(RangeError)
    expect(() => activeTarget({ targets: [] }, '2025-01-01')).toThrow(RangeError)
  })
})
