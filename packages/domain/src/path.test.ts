import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Comparator, Direction } from '@cockpit/contracts'
import { addDays, daysBetween, type IsoDate } from './dates.js'
import { completion, expectedValue, pathPoints, timeProgress } from './path.js'
import { targetAnchor, type IndicatorSpec, type TargetPoint } from './target.js'
import { cloud } from './test-specs.js'

// 保留证明事项 20 → 0
const certificates: IndicatorSpec = {
  direction: 'lower',
  measure: 'count',
  baseline: { date: '2022-12-31', value: 20 },
  targets: [{ dueDate: '2025-12-31', comparator: 'lte', value: 0 }],
}

describe('pathPoints', () => {
  it('starts at the baseline and visits each target anchor in due-date order', () => {
    const spec: IndicatorSpec = {
      ...cloud,
      targets: [
        { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
        { dueDate: '2023-12-31', comparator: 'range', value: 50, valueMax: 60 },
      ],
    }
    expect(pathPoints(spec)).toEqual([
      { date: '2022-12-31', value: 30 },
      { date: '2023-12-31', value: 50 },
      { date: '2025-12-31', value: 80 },
    ])
  })

  it('starts at the given first observation when the plan has no baseline', () => {
    const spec = { ...cloud, baseline: null }
    expect(pathPoints(spec, { periodEnd: '2023-06-30', value: 42 })).toEqual([
      { date: '2023-06-30', value: 42 },
      { date: '2025-12-31', value: 80 },
    ])
  })

  it('prefers the plan baseline over a given observation', () => {
    expect(pathPoints(cloud, { periodEnd: '2023-06-30', value: 42 })[0]).toEqual({ date: '2022-12-31', value: 30 })
  })

  it('is only the targets when there is no start point at all', () => {
    expect(pathPoints({ ...cloud, baseline: null })).toEqual([{ date: '2025-12-31', value: 80 }])
  })

  it('drops targets due on or before the start point', () => {
    const spec: IndicatorSpec = {
      ...cloud,
      targets: [
        { dueDate: '2022-12-31', comparator: 'gte', value: 25 },
        { dueDate: '2022-06-30', comparator: 'gte', value: 20 },
        { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
      ],
    }
    expect(pathPoints(spec).map((p) => p.date)).toEqual(['2022-12-31', '2025-12-31'])
  })
})

describe('expectedValue', () => {
  it('interpolates linearly by days between baseline and target, leap day included', () => {
    // 2022-12-31 → 2024-06-30 is 547 of the 1096 days to 2025-12-31.
    expect(expectedValue(cloud, '2024-06-30')).toBeCloseTo(30 + (50 * 547) / 1096, 12)
  })

  it('follows each segment between intermediate targets', () => {
    const spec: IndicatorSpec = {
      ...cloud,
      targets: [
        { dueDate: '2023-12-31', comparator: 'gte', value: 50 },
        { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
      ],
    }
    expect(expectedValue(spec, '2023-12-31')).toBe(50)
    expect(expectedValue(spec, '2024-12-31')).toBeCloseTo(50 + (30 * 366) / 731, 12)
  })

  it('is the start value before the start and the final anchor after the last due date', () => {
    expect(expectedValue(cloud, '2020-01-01')).toBe(30)
    expect(expectedValue(cloud, '2022-12-31')).toBe(30)
    expect(expectedValue(cloud, '2025-12-31')).toBe(80)
    expect(expectedValue(cloud, '2027-01-01')).toBe(80)
  })

  it('heads down for a lower-is-better indicator', () => {
    expect(expectedValue(certificates, '2024-06-30')).toBeCloseTo(20 - (20 * 547) / 1096, 12)
    expect(expectedValue(certificates, '2026-01-01')).toBe(0)
  })

  it('heads for the lower bound of a higher-is-better range ("1-2个")', () => {
    const spec: IndicatorSpec = {
      direction: 'higher',
      measure: 'count',
      baseline: { date: '2023-12-31', value: 0 },
      targets: [{ dueDate: '2025-12-31', comparator: 'range', value: 1, valueMax: 2 }],
    }
    expect(expectedValue(spec, '2025-12-31')).toBe(1)
  })

  it('starts from the first observation when there is no baseline, and is null without one', () => {
    const spec = { ...cloud, baseline: null }
    expect(expectedValue(spec, '2024-01-01', { periodEnd: '2023-12-31', value: 40 })).toBeCloseTo(40 + 40 / 731, 12)
    expect(expectedValue(spec, '2024-01-01')).toBeNull()
    expect(expectedValue(spec, '2024-01-01', null)).toBeNull()
  })

  it('expects the final anchor once past the start when every target was due before it', () => {
    const spec: IndicatorSpec = { ...cloud, baseline: null }
    const late = { periodEnd: '2026-03-31', value: 70 }
    expect(expectedValue(spec, '2026-01-31', late)).toBe(70)
    expect(expectedValue(spec, '2026-03-31', late)).toBe(70)
    expect(expectedValue(spec, '2026-06-30', late)).toBe(80)
  })

  it('throws on a malformed date', () => {
    expect(() => expectedValue(cloud, '2024-13-01')).toThrow(RangeError)
  })
})

describe('timeProgress', () => {
  it('runs from 0 at the start to 1 at the final due date, clamped outside', () => {
    expect(timeProgress(cloud, '2022-12-31')).toBe(0)
    expect(timeProgress(cloud, '2024-06-30')).toBeCloseTo(547 / 1096, 12)
    expect(timeProgress(cloud, '2025-12-31')).toBe(1)
    expect(timeProgress(cloud, '2020-01-01')).toBe(0)
    expect(timeProgress(cloud, '2030-01-01')).toBe(1)
  })

  it('counts from the first observation without a baseline, and is null with no start', () => {
    expect(timeProgress({ ...cloud, baseline: null }, '2024-12-31', { periodEnd: '2023-12-31', value: 1 })).toBeCloseTo(
      366 / 731,
      12,
    )
    expect(timeProgress({ ...cloud, baseline: null }, '2024-12-31')).toBeNull()
  })

  it('is 0 before and 1 from the start when the final due date is not after the start', () => {
    const spec = { ...cloud, baseline: null }
    const start = { periodEnd: '2025-12-31', value: 1 }
    expect(timeProgress(spec, '2025-12-30', start)).toBe(0)
    expect(timeProgress(spec, '2025-12-31', start)).toBe(1)
  })
})

describe('completion', () => {
  it('is the share of the way from start value to final anchor, in either direction', () => {
    expect(completion(cloud, 55)).toBe(0.5)
    expect(completion(certificates, 5)).toBe(0.75)
  })

  it('is not clamped, so overshoot and regression show', () => {
    expect(completion(cloud, 90)).toBe(1.2)
    expect(completion(cloud, 25)).toBe(-0.1)
  })

  it('is null without a start point or when the start is already the final anchor', () => {
    expect(completion({ ...cloud, baseline: null }, 50)).toBeNull()
    expect(completion({ ...cloud, baseline: { date: '2022-12-31', value: 80 } }, 85)).toBeNull()
  })

  it('uses the first observation as start without a baseline', () => {
    expect(completion({ ...cloud, baseline: null }, 60, { periodEnd: '2023-12-31', value: 40 })).toBe(0.5)
  })
})

// ---- properties ----

const EPOCH: IsoDate = '2018-01-01'
const dateAt = (n: number): IsoDate => addDays(EPOCH, n)
const anyDay = fc.integer({ min: 0, max: 4000 }).map(dateAt)
const direction = fc.constantFrom<Direction>('higher', 'lower')
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true })
const step = fc.double({ min: 0, max: 1e4, noNaN: true })

/** Targets after a baseline on day 1000, anchors moving in the good direction, in shuffled input order. */
const monotoneSpec = fc
  .record({
    direction,
    base: finite,
    gaps: fc.array(
      fc.tuple(fc.integer({ min: 1, max: 800 }), step, fc.constantFrom('inequality', 'eq', 'range'), step),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  })
  .chain(({ direction, base, gaps }) => {
    const sign = direction === 'higher' ? 1 : -1
    let day = 1000
    let anchor = base
    const targets: TargetPoint[] = gaps.map(([days, move, kind, width]) => {
      day += days
      anchor += sign * move
      const dueDate = dateAt(day)
      if (kind === 'eq') return { dueDate, comparator: 'eq', value: anchor }
      if (kind === 'inequality') return { dueDate, comparator: direction === 'higher' ? 'gte' : 'lte', value: anchor }
      return direction === 'higher'
        ? { dueDate, comparator: 'range', value: anchor, valueMax: anchor + width }
        : { dueDate, comparator: 'range', value: anchor - width, valueMax: anchor }
    })
    return fc.shuffledSubarray(targets, { minLength: targets.length }).map(
      (shuffled): IndicatorSpec => ({
        direction,
        measure: 'quantity',
        baseline: { date: dateAt(1000), value: base },
        targets: shuffled,
      }),
    )
  })

/** Distinct due dates after the start with arbitrary anchors and comparators; with or without a baseline. */
const anySpecWithStart = fc
  .record({
    direction,
    startValue: finite,
    fromPlan: fc.boolean(),
    targets: fc.uniqueArray(
      fc.record({
        day: fc.integer({ min: 1001, max: 4000 }),
        comparator: fc.constantFrom<Comparator>('gte', 'lte', 'eq', 'range'),
        value: finite,
        width: step,
      }),
      { minLength: 1, maxLength: 4, selector: (t) => t.day },
    ),
  })
  .map(({ direction, startValue, fromPlan, targets }) => {
    const start = { periodEnd: dateAt(1000), value: startValue }
    const spec: IndicatorSpec = {
      direction,
      measure: 'quantity',
      baseline: fromPlan ? { date: start.periodEnd, value: startValue } : null,
      targets: targets.map((t) => ({
        dueDate: dateAt(t.day),
        comparator: t.comparator,
        value: t.value,
        valueMax: t.comparator === 'range' ? t.value + t.width : null,
      })),
    }
    return { spec, start: fromPlan ? null : start }
  })

describe('path properties', () => {
  it('the expected value never moves backwards when the targets move in the good direction', () => {
    fc.assert(
      fc.property(monotoneSpec, anyDay, anyDay, (spec, d1, d2) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1]
        const a = expectedValue(spec, early)
        const b = expectedValue(spec, late)
        if (a === null || b === null) throw new Error('a spec with a baseline always has a path')
        if (spec.direction === 'higher') expect(b).toBeGreaterThanOrEqual(a)
        else expect(b).toBeLessThanOrEqual(a)
      }),
    )
  })

  it('the path passes exactly through the start value and each target anchor at its due date', () => {
    fc.assert(
      fc.property(anySpecWithStart, ({ spec, start }) => {
        expect(expectedValue(spec, dateAt(1000), start)).toBe(spec.baseline?.value ?? start?.value)
        for (const t of spec.targets)
          expect(expectedValue(spec, t.dueDate, start)).toBe(targetAnchor(t, spec.direction))
      }),
    )
  })

  it('the expected value always lies between the start value and the anchors', () => {
    fc.assert(
      fc.property(anySpecWithStart, anyDay, ({ spec, start }, d) => {
        const values = pathPoints(spec, start).map((p) => p.value)
        const v = expectedValue(spec, d, start)
        expect(v).not.toBeNull()
        expect(v).toBeGreaterThanOrEqual(Math.min(...values))
        expect(v).toBeLessThanOrEqual(Math.max(...values))
      }),
    )
  })

  it('timeProgress stays within [0, 1] and never decreases as the date advances', () => {
    fc.assert(
      fc.property(anySpecWithStart, anyDay, anyDay, ({ spec, start }, d1, d2) => {
        const [early, late] = daysBetween(d1, d2) >= 0 ? [d1, d2] : [d2, d1]
        const a = timeProgress(spec, early, start)
        const b = timeProgress(spec, late, start)
        if (a === null || b === null) throw new Error('a spec with a start point always has a time progress')
        expect(a).toBeGreaterThanOrEqual(0)
        expect(b).toBeLessThanOrEqual(1)
        expect(b).toBeGreaterThanOrEqual(a)
      }),
    )
  })
})
