import { describe, expect, it } from 'vitest'
import { definitionIssues, type IndicatorDefinition } from './definition.js'

const rate: IndicatorDefinition = {
  unit: '%',
  measure: 'percent',
  baseline: { year: 2022, value: 40 },
  targets: [{ at: 'targets.0.', year: 2025, comparator: 'gte', value: 80, valueMax: null }],
  horizon: { startYear: 2022, endYear: 2025 },
}
const paths = (d: IndicatorDefinition) => definitionIssues(d).map((i) => i.path)

describe('definitionIssues', () => {
  it('accepts a percent indicator with unit %, a baseline before its target and a target inside the plan', () => {
    expect(definitionIssues(rate)).toEqual([])
  })

  it('names the target year that lies outside the plan horizon', () => {
    const issues = definitionIssues({ ...rate, targets: [{ ...rate.targets[0]!, year: 2027 }] })
    expect(issues).toEqual([{ path: 'targets.0.year', message: expect.stringContaining('2022–2025') }])
  })

  it('wants unit % for a percent measure and values within 0–100', () => {
    expect(paths({ ...rate, unit: '个' })).toEqual(['unit'])
    expect(paths({ ...rate, targets: [{ ...rate.targets[0]!, value: 120 }] })).toEqual(['targets.0.value'])
    expect(paths({ ...rate, baseline: { year: 2022, value: -1 } })).toEqual(['baseline.value'])
  })

  it('wants a count to be a whole number not below zero', () => {
    const count: IndicatorDefinition = {
      ...rate,
      unit: '个',
      measure: 'count',
      baseline: null,
      targets: [{ at: '', year: 2025, comparator: 'gte', value: 2.5, valueMax: null }],
    }
    expect(paths(count)).toEqual(['value'])
    expect(paths({ ...count, targets: [{ ...count.targets[0]!, value: -1 }] })).toEqual(['value'])
    expect(paths({ ...count, targets: [{ ...count.targets[0]!, value: 3 }] })).toEqual([])
  })

  it('wants a range target to have an upper bound above its lower bound, and no bound on the others', () => {
    const range = { ...rate, unit: '名', measure: 'count' as const, baseline: null }
    expect(paths({ ...range, targets: [{ at: '', year: 2025, comparator: 'range', value: 2, valueMax: 2 }] })).toEqual([
      'valueMax',
    ])
    expect(
      paths({ ...range, targets: [{ at: '', year: 2025, comparator: 'range', value: 1, valueMax: null }] }),
    ).toEqual(['valueMax'])
    expect(paths({ ...range, targets: [{ at: '', year: 2025, comparator: 'range', value: 1, valueMax: 2 }] })).toEqual(
      [],
    )
    expect(paths({ ...range, targets: [{ at: '', year: 2025, comparator: 'gte', value: 1, valueMax: 2 }] })).toEqual([
      'valueMax',
    ])
  })

  it('wants the baseline year before the first target year', () => {
    expect(paths({ ...rate, baseline: { year: 2025, value: 40 } })).toEqual(['baseline.year'])
  })

  it('refuses unit % on a measure other than percent', () => {
    expect(paths({ ...rate, measure: 'quantity' })).toEqual(['unit'])
  })
})
