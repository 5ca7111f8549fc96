import type { Measure } from '@cockpit/contracts'
import { evaluateStatus, expectedValue, meetsTarget, periodsBetween, type IsoDate } from '@cockpit/domain'
import { describe, expect, it } from 'vitest'
import type { SimIndicator } from './catalog.js'
import { pathModel, type PathModel } from './path-model.js'
import { profileFor, type Profile, type ProfileKind } from './profiles.js'
import { testHorizon, testIndicator } from './test-fixtures.js'
import { periodValue, rawValue } from './values.js'

const modelOf = (ind: SimIndicator, seed = 42): PathModel => {
  const m = pathModel(ind, testHorizon, seed)
  if (m === null) throw new Error('no path')
  return m
}
const profile = (kind: ProfileKind, offset: number, speedUp = 1): Profile => ({ kind, offset, speedUp })
const months = periodsBetween('monthly', '2023-01-01', '2025-12-31')

// Lower is better: 15-minute service circle, from 30 minutes (2022) to ≤15 by 2025.
const lowerIndicator = testIndicator({
  id: 2,
  measure: 'quantity',
  unit: '分钟',
  direction: 'lower',
  baseline: { year: 2022, value: 30 },
  targets: [
    {
      id: 1,
      year: 2025,
      dueDate: '2025-12-31',
      comparator: 'lte',
      value: 15,
      valueMax: null,
      label: '≤15分钟',
      citation: null,
    },
  ],
})

describe('periodValue', () => {
  it('is deterministic for a seed, and another seed gives other values', () => {
    const m = modelOf(testIndicator())
    const p = profileFor(42, 1)
    const a = months.map((period) => periodValue(m, p, 42, 1, period))
    expect(months.map((period) => periodValue(m, p, 42, 1, period))).toEqual(a)
    const other = months.map((period) => periodValue(modelOf(testIndicator(), 7), profileFor(7, 1), 7, 1, period))
    expect(other).not.toEqual(a)
  })

  it('stays within the measure: percent 0–100 at one decimal, count a non-negative integer, quantity ≥ 0 at two decimals', () => {
    const shapes: { measure: Measure; direction: 'higher' | 'lower'; baseline: number | null; target: number }[] = [
      { measure: 'percent', direction: 'higher', baseline: 95, target: 100 },
      { measure: 'percent', direction: 'higher', baseline: null, target: 100 },
      { measure: 'percent', direction: 'lower', baseline: 3, target: 0 },
      { measure: 'count', direction: 'higher', baseline: null, target: 2 },
      { measure: 'count', direction: 'lower', baseline: null, target: 0 },
      { measure: 'quantity', direction: 'lower', baseline: 1.5, target: 0.2 },
      { measure: 'quantity', direction: 'higher', baseline: 0, target: 1162 },
    ]
    for (let id = 1; id <= 120; id++) {
      const s = shapes[id % shapes.length]!
      const ind = testIndicator({
        id,
        measure: s.measure,
        direction: s.direction,
        baseline: s.baseline === null ? null : { year: 2022, value: s.baseline },
        targets: [
          {
            id: 1,
            year: 2025,
            dueDate: '2025-12-31',
            comparator: s.direction === 'higher' ? 'gte' : 'lte',
            value: s.target,
            valueMax: null,
            label: '',
            citation: null,
          },
        ],
      })
      const m = modelOf(ind)
      for (const period of months) {
        const v = periodValue(m, profileFor(42, id), 42, id, period)
        expect(v).toBeGreaterThanOrEqual(0)
        if (s.measure === 'percent') {
          expect(v).toBeLessThanOrEqual(100)
          expect(Math.round(v * 10) / 10).toBe(v)
        }
        if (s.measure === 'count') expect(Number.isInteger(v)).toBe(true)
        if (s.measure === 'quantity') expect(Math.round(v * 100) / 100).toBe(v)
      }
    }
  })

  it('puts ahead profiles above the path and behind ones below it when higher is better', () => {
    const m = modelOf(testIndicator())
    for (const period of months.filter((p) => p.end >= '2024-06-30' && p.end < '2025-12-31')) {
      const path = expectedValue(m.spec, period.end)!
      for (const noise of [-1, 0, 1]) {
        expect(rawValue(m, profile('ahead', 0.06), period.end, noise)).toBeGreaterThan(path)
        expect(rawValue(m, profile('behind', -0.07), period.end, noise)).toBeLessThan(path)
        expect(rawValue(m, profile('far-behind', -0.2), period.end, noise)).toBeLessThan(path)
      }
    }
  })

  it('reverses that when lower is better: ahead means lower', () => {
    const m = modelOf(lowerIndicator)
    for (const period of months.filter((p) => p.end >= '2024-06-30' && p.end < '2025-12-31')) {
      const path = expectedValue(m.spec, period.end)!
      for (const noise of [-1, 0, 1]) {
        expect(rawValue(m, profile('ahead', 0.06), period.end, noise)).toBeLessThan(path)
        expect(rawValue(m, profile('behind', -0.07), period.end, noise)).toBeGreaterThan(path)
      }
    }
  })

  it('lands each profile in the status it stands for, by the domain rules the API applies', () => {
    const expectedStatus: Record<ProfileKind, string[]> = {
      'on-path': ['on-track'],
      ahead: ['on-track'],
      behind: ['at-risk'],
      'far-behind': ['off-track'],
      early: ['achieved', 'on-track'],
    }
    for (const ind of [testIndicator(), lowerIndicator]) {
      const m = modelOf(ind)
      for (let id = 1; id <= 60; id++) {
        const p = profileFor(42, id)
        const asOf: IsoDate = '2024-12-31'
        const observations = months
          .filter((x) => x.end <= asOf)
          .map((x) => ({ periodEnd: x.end, value: periodValue(m, p, 42, id, x) }))
        expect(expectedStatus[p.kind]).toContain(evaluateStatus(m.spec, observations, asOf).status)
      }
    }
  })

  it('has early achievers meet the final target well before it is due', () => {
    const m = modelOf(testIndicator())
    const target = testIndicator().targets[0]!
    const v = periodValue(m, profile('early', 0.02, 1.5), 42, 1, { key: '2025-03', end: '2025-03-31' })
    expect(meetsTarget({ ...target, dueDate: target.dueDate }, v, 'higher')).toBe(true)
  })

  it('starts an indicator without a baseline at 40–60% of its target, on its path', () => {
    const ind = testIndicator({ baseline: null })
    for (let seed = 1; seed <= 20; seed++) {
      const m = modelOf(ind, seed)
      const start = m.spec.baseline!.value
      expect(start).toBeGreaterThanOrEqual(36)
      expect(start).toBeLessThanOrEqual(54)
      // The first reported period carries no offset, so the API's path (which starts there) is this one.
      const first = rawValue(m, profile('far-behind', -0.3), '2023-01-31', 0)
      expect(first).toBeCloseTo(expectedValue(m.spec, '2023-01-31')!, 9)
    }
  })

  it('starts a lower-is-better indicator without a baseline above its target, even a zero target', () => {
    const zero = testIndicator({
      measure: 'count',
      direction: 'lower',
      baseline: null,
      targets: [
        {
          id: 1,
          year: 2024,
          dueDate: '2024-12-31',
          comparator: 'lte',
          value: 0,
          valueMax: null,
          label: '0',
          citation: null,
        },
      ],
    })
    expect(modelOf(zero).spec.baseline!.value).toBeGreaterThan(0)
    expect(modelOf({ ...lowerIndicator, baseline: null }).spec.baseline!.value).toBeGreaterThan(15)
  })

  it('has no path, and so no values, for an indicator without targets', () => {
    expect(pathModel(testIndicator({ targets: [] }), testHorizon, 42)).toBeNull()
  })
})
