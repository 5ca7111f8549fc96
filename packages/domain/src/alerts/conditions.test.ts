import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { IndicatorStatus } from '@cockpit/contracts'
import type { TargetPoint } from '../target.js'
import {
  belowPath,
  bindingOffTrack,
  forecastMiss,
  milestoneAtRisk,
  milestoneOverdue,
  missingReport,
  suddenChange,
  targetReached,
  taskReportMissing,
  type Tolerance,
} from './conditions.js'
import type { Evaluation } from './state-machine.js'

const points = (value: number): Tolerance => ({ mode: 'points', value })
const remaining = (value: number): Tolerance => ({ mode: 'remaining-percent', value })
const kind = (e: Evaluation): Evaluation['kind'] => e.kind

describe('belowPath', () => {
  // 上云率: expected 50% now, 80% at the end; fire 5 points behind, recover within 2.
  const higher = (value: number, fire = points(5), recover = points(2)) =>
    kind(belowPath({ value, expected: 50, finalAnchor: 80, direction: 'higher', dataKey: '2025-03' }, fire, recover))

  it('fires on the firing threshold and beyond, clears on the recovery threshold and within, is between in the band', () => {
    expect([44, 45, 45.5, 47.9, 48, 49, 50, 60].map((v) => higher(v))).toEqual([
      'met',
      'met',
      'between',
      'between',
      'cleared',
      'cleared',
      'cleared',
      'cleared',
    ])
  })

  it('carries the data key', () => {
    expect(
      belowPath(
        { value: 40, expected: 50, finalAnchor: 80, direction: 'higher', dataKey: '2025-Q1' },
        points(5),
        points(2),
      ),
    ).toEqual({ kind: 'met', dataKey: '2025-Q1' })
  })

  it('reads "below" the other way for a lower-is-better indicator', () => {
    // 保留证明事项数: expected 10 now, heading for 0.
    const lower = (value: number) =>
      kind(belowPath({ value, expected: 10, finalAnchor: 0, direction: 'lower', dataKey: 'k' }, points(5), points(2)))
    expect([16, 15, 13, 12, 10, 3].map(lower)).toEqual(['met', 'met', 'between', 'cleared', 'cleared', 'cleared'])
  })

  it('measures remaining-percent against the distance still to go from the expected value to the final anchor', () => {
    // 30 to go: fire at 10% = 3 behind, recover at 5% = 1.5 behind.
    const r = (v: number) => higher(v, remaining(10), remaining(5))
    expect([46, 47, 47.5, 48.5, 49].map(r)).toEqual(['met', 'met', 'between', 'cleared', 'cleared'])
  })

  it('with nothing left to go, any shortfall under remaining-percent fires, but a value on the path does not', () => {
    const done = (value: number) =>
      kind(
        belowPath(
          { value, expected: 80, finalAnchor: 80, direction: 'higher', dataKey: 'k' },
          remaining(10),
          remaining(5),
        ),
      )
    expect(done(79.9)).toBe('met')
    expect(done(80)).toBe('cleared')
    expect(done(81)).toBe('cleared')
  })

  it('never fires on the path, even with zero tolerances', () => {
    expect(higher(50, points(0), points(0))).toBe('cleared')
    expect(higher(49.9, points(0), points(0))).toBe('met')
  })

  it('treats float noise on a threshold as on it', () => {
    // 0.3 − 0.1 is 0.19999999999999998 in floating point: 0.2 behind, on a firing threshold of 0.2.
    expect(
      kind(
        belowPath(
          { value: 0.1, expected: 0.3, finalAnchor: 1, direction: 'higher', dataKey: 'k' },
          points(0.2),
          points(0.1),
        ),
      ),
    ).toBe('met')
    // 0.1 + 0.2 is 0.30000000000000004: a value of 0.3 is on that path.
    expect(
      kind(
        belowPath(
          { value: 0.3, expected: 0.1 + 0.2, finalAnchor: 1, direction: 'higher', dataKey: 'k' },
          points(0),
          points(0),
        ),
      ),
    ).toBe('cleared')
  })

  it('lets firing win where mixed-mode thresholds cross (recovery looser than firing)', () => {
    // Fire 1 point behind; "recover" within 50% of 30 = 15 — the band is empty and firing takes the overlap.
    expect(higher(48, points(1), remaining(50))).toBe('met')
    expect(higher(49.5, points(1), remaining(50))).toBe('cleared')
  })

  it('reports a missing value as no data and a broken path as an error', () => {
    expect(higher(Number.NaN)).toBe('nodata')
    expect(
      kind(
        belowPath(
          { value: 40, expected: Number.NaN, finalAnchor: 80, direction: 'higher', dataKey: 'k' },
          points(5),
          points(2),
        ),
      ),
    ).toBe('error')
    expect(
      kind(
        belowPath(
          { value: 40, expected: 50, finalAnchor: Number.POSITIVE_INFINITY, direction: 'higher', dataKey: 'k' },
          points(5),
          points(2),
        ),
      ),
    ).toBe('error')
  })

  it('rejects negative tolerances', () => {
    expect(() => higher(40, points(-1))).toThrow(RangeError)
    expect(() => higher(40, points(5), remaining(-1))).toThrow(RangeError)
  })

  it('partitions by shortfall: met at or beyond fire, cleared at or within recover, between otherwise', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.constantFrom('higher' as const, 'lower' as const),
        (fire, share, shortfall, direction) => {
          const recover = fire * share
          const expected = 500
          const value = expected - (direction === 'higher' ? 1 : -1) * shortfall
          const got = kind(
            belowPath({ value, expected, finalAnchor: 1000, direction, dataKey: 'k' }, points(fire), points(recover)),
          )
          // Stay clear of the thresholds themselves, where float noise decides.
          const near = (x: number) => Math.abs(shortfall - x) < 1e-6
          if (near(fire) || near(recover) || near(0)) return true
          const want = shortfall > 0 && shortfall >= fire ? 'met' : shortfall <= recover ? 'cleared' : 'between'
          return got === want
        },
      ),
    )
  })
})

describe('forecastMiss', () => {
  const gte80: TargetPoint = { dueDate: '2025-12-31', comparator: 'gte', value: 80 }
  const miss = (
    forecast: number | null,
    target: TargetPoint = gte80,
    margin = 5,
    direction: 'higher' | 'lower' = 'higher',
  ) => kind(forecastMiss({ forecast, target, direction, dataKey: '2025-03' }, margin))

  it('fires when the forecast misses by at least the margin, is between when it misses by less, clears when it meets the target', () => {
    // 5% of 80 = 4 points.
    expect([75, 76, 77, 79.9, 80, 90].map((f) => miss(f))).toEqual([
      'met',
      'met',
      'between',
      'between',
      'cleared',
      'cleared',
    ])
  })

  it('counts a forecast on the target up to float noise as meeting it', () => {
    expect(miss(79.99999999999999)).toBe('cleared')
  })

  it('handles ≤ targets and the target "为0", whose margin is taken on 1', () => {
    const lte10: TargetPoint = { dueDate: '2025-12-31', comparator: 'lte', value: 10 }
    expect([11, 10.5, 10, 8].map((f) => miss(f, lte10, 10, 'lower'))).toEqual(['met', 'between', 'cleared', 'cleared'])
    const zero: TargetPoint = { dueDate: '2025-12-31', comparator: 'lte', value: 0 }
    expect([0.5, 0.2, 0].map((f) => miss(f, zero, 50, 'lower'))).toEqual(['met', 'between', 'cleared'])
  })

  it('measures a range target from the bound that has to be reached', () => {
    const oneToTwo: TargetPoint = { dueDate: '2025-12-31', comparator: 'range', value: 1, valueMax: 2 }
    expect([0.9, 0.97, 1, 3].map((f) => miss(f, oneToTwo))).toEqual(['met', 'between', 'cleared', 'cleared'])
    expect([2.2, 2.05, 2, 0].map((f) => miss(f, oneToTwo, 5, 'lower'))).toEqual([
      'met',
      'between',
      'cleared',
      'cleared',
    ])
  })

  it('misses an exact target from either side', () => {
    const eq100: TargetPoint = { dueDate: '2025-12-31', comparator: 'eq', value: 100 }
    expect([101, 99, 99.5, 100].map((f) => miss(f, eq100, 1))).toEqual(['met', 'met', 'between', 'cleared'])
  })

  it('with a zero margin any miss fires', () => {
    expect(miss(79.9, gte80, 0)).toBe('met')
  })

  it('has no data without a forecast and rejects a negative margin', () => {
    expect(miss(null)).toBe('nodata')
    expect(miss(Number.NaN)).toBe('nodata')
    expect(() => miss(70, gte80, -1)).toThrow(RangeError)
  })
})

describe('suddenChange', () => {
  const change = (
    previous: number | null,
    current: number | null,
    threshold: { mode: 'points' | 'percent'; value: number },
    factor?: number,
  ) => kind(suddenChange({ previous, current, dataKey: '2025-03' }, threshold, factor))

  it('fires on a move of at least the threshold either way, clears at or below half of it by default', () => {
    const t = { mode: 'points' as const, value: 10 }
    expect([110, 90, 120, 107, 105, 103, 100].map((c) => change(100, c, t))).toEqual([
      'met',
      'met',
      'met',
      'between',
      'cleared',
      'cleared',
      'cleared',
    ])
  })

  it('measures percent against the previous value', () => {
    const t = { mode: 'percent' as const, value: 20 }
    expect([60, 40, 57, 55, 50].map((c) => change(50, c, t))).toEqual(['met', 'met', 'between', 'cleared', 'cleared'])
  })

  it('treats a move away from zero as an infinite percent, and no move as none', () => {
    const t = { mode: 'percent' as const, value: 20 }
    expect(change(0, 1, t)).toBe('met')
    expect(change(0, 0, t)).toBe('cleared')
  })

  it('never fires without a move, even at threshold 0', () => {
    expect(change(5, 5, { mode: 'points', value: 0 })).toBe('cleared')
    expect(change(5, 5.1, { mode: 'points', value: 0 })).toBe('met')
  })

  it('takes its recovery threshold from recoverFactor', () => {
    const t = { mode: 'points' as const, value: 10 }
    expect(change(100, 107, t, 0.8)).toBe('cleared')
    expect(change(100, 101, t, 0)).toBe('between')
    expect(change(100, 109, t, 1)).toBe('cleared')
  })

  it('has no data without both values, and rejects bad settings', () => {
    expect(change(null, 5, { mode: 'points', value: 1 })).toBe('nodata')
    expect(change(5, null, { mode: 'points', value: 1 })).toBe('nodata')
    expect(change(5, Number.NaN, { mode: 'points', value: 1 })).toBe('nodata')
    expect(() => change(1, 2, { mode: 'points', value: -1 })).toThrow(RangeError)
    expect(() => change(1, 2, { mode: 'points', value: 1 }, 1.5)).toThrow(RangeError)
    expect(() => change(1, 2, { mode: 'points', value: 1 }, -0.1)).toThrow(RangeError)
  })
})

describe('targetReached', () => {
  const reached = (value: number | null, target: TargetPoint, direction: 'higher' | 'lower' = 'higher') =>
    kind(targetReached({ value, target, direction, dataKey: '2025-03' }))
  const gte80: TargetPoint = { dueDate: '2025-12-31', comparator: 'gte', value: 80 }

  it('is met on the target (boundary inclusive) and beyond, cleared short of it', () => {
    expect([80, 85, 79.99999999999999, 79.9].map((v) => reached(v, gte80))).toEqual(['met', 'met', 'met', 'cleared'])
  })

  it('follows the comparator for ≤ targets', () => {
    const zero: TargetPoint = { dueDate: '2025-12-31', comparator: 'lte', value: 0 }
    expect([0, 1].map((v) => reached(v, zero, 'lower'))).toEqual(['met', 'cleared'])
  })

  it('has no data without a value', () => {
    expect(reached(null, gte80)).toBe('nodata')
    expect(reached(Number.NaN, gte80)).toBe('nodata')
  })
})

describe('bindingOffTrack', () => {
  const statuses: IndicatorStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']

  it('for a binding indicator: off-track met, at-risk between, on-track and achieved cleared, no-data missing', () => {
    expect(statuses.map((status) => kind(bindingOffTrack({ nature: 'binding', status, dataKey: 'k' })))).toEqual([
      'cleared',
      'cleared',
      'between',
      'met',
      'nodata',
    ])
  })

  it('is cleared for an indicator that is not binding, whatever its status', () => {
    for (const nature of ['expected', 'unclassified'] as const) {
      for (const status of statuses) expect(kind(bindingOffTrack({ nature, status, dataKey: 'k' }))).toBe('cleared')
    }
  })
})

describe('missingReport', () => {
  const late = (asOf: string, reported = false, graceDays = 5, dueDate: string | null = '2025-04-15') =>
    kind(missingReport({ dueDate, reported, asOf, graceDays, dataKey: '2025-03' }))

  it('is cleared until the due date has passed (the due day itself is on time)', () => {
    expect(late('2025-04-01')).toBe('cleared')
    expect(late('2025-04-15')).toBe('cleared')
  })

  it('is between during the grace days, the last one included, and met after', () => {
    expect(late('2025-04-16')).toBe('between')
    expect(late('2025-04-20')).toBe('between')
    expect(late('2025-04-21')).toBe('met')
  })

  it('with no grace, is met the day after the due date', () => {
    expect(late('2025-04-16', false, 0)).toBe('met')
  })

  it('is cleared once reported, or when nothing is due', () => {
    expect(late('2025-06-01', true)).toBe('cleared')
    expect(late('2025-06-01', false, 5, null)).toBe('cleared')
  })

  it('rejects malformed dates and grace days', () => {
    expect(() => late('2025-6-1')).toThrow(RangeError)
    expect(() => late('2025-06-01', false, 5, '2025-02-30')).toThrow(RangeError)
    expect(() => late('2025-06-01', false, 1.5)).toThrow(RangeError)
    expect(() => late('2025-06-01', false, -1)).toThrow(RangeError)
  })
})

describe('milestoneOverdue', () => {
  // "2023年底前建成…": due 2023-12-31.
  const at = (asOf: string, completedOn: string | null = null) =>
    kind(milestoneOverdue({ dueDate: '2023-12-31', completedOn, asOf }))

  it('is cleared up to and on its date and fires from the day after while not verified complete', () => {
    expect(['2023-06-01', '2023-12-31', '2024-01-01', '2025-06-30'].map((d) => at(d))).toEqual([
      'cleared',
      'cleared',
      'met',
      'met',
    ])
  })

  it('clears once verified complete, on time or late', () => {
    expect(at('2024-03-01', '2023-12-20')).toBe('cleared')
    expect(at('2024-03-01', '2024-02-15')).toBe('cleared')
  })

  it('does not count a completion dated after the date it is evaluated at', () => {
    expect(at('2024-02-01', '2024-02-15')).toBe('met')
  })

  it('keys the series by the due date', () => {
    expect(milestoneOverdue({ dueDate: '2023-12-31', completedOn: null, asOf: '2024-01-02' })).toEqual({
      kind: 'met',
      dataKey: '2023-12-31',
    })
  })
})

describe('milestoneAtRisk', () => {
  const base = {
    dueDate: '2024-06-30',
    completedOn: null,
    latestStage: 'in-progress' as const,
    reportMissing: false,
    asOf: '2024-06-10',
  }
  const risk = (over: Partial<Parameters<typeof milestoneAtRisk>[0]>, withinDays = 30) =>
    kind(milestoneAtRisk({ ...base, ...over }, withinDays))

  it('fires within the window when the latest stage is 未启动 or 滞后, or nothing was reported', () => {
    expect(risk({ latestStage: 'not-started' })).toBe('met')
    expect(risk({ latestStage: 'delayed' })).toBe('met')
    expect(risk({ latestStage: null })).toBe('met')
  })

  it('fires within the window when the latest closed period went unreported, whatever the stage said before', () => {
    expect(risk({ latestStage: 'in-progress', reportMissing: true })).toBe('met')
  })

  it('is cleared while the department reports it moving (推进中) or done (已完成, awaiting verification)', () => {
    expect(risk({ latestStage: 'in-progress' })).toBe('cleared')
    expect(risk({ latestStage: 'completed' })).toBe('cleared')
  })

  it('counts the window inclusively: due today and due in exactly withinDays are in, a day more is out', () => {
    expect(risk({ latestStage: 'not-started', asOf: '2024-06-30' })).toBe('met')
    expect(risk({ latestStage: 'not-started', asOf: '2024-05-31' })).toBe('met')
    expect(risk({ latestStage: 'not-started', asOf: '2024-05-30' })).toBe('cleared')
  })

  it('leaves a milestone past its date to the overdue rule, and clears when verified complete', () => {
    expect(risk({ latestStage: 'not-started', asOf: '2024-07-01' })).toBe('cleared')
    expect(risk({ latestStage: 'not-started', completedOn: '2024-06-05' })).toBe('cleared')
  })

  it('refuses a negative or fractional window', () => {
    expect(() => milestoneAtRisk(base, -1)).toThrow(RangeError)
    expect(() => milestoneAtRisk(base, 1.5)).toThrow(RangeError)
  })
})

describe('taskReportMissing', () => {
  const miss = (consecutiveMissing: number, periods = 2, completed = false) =>
    kind(taskReportMissing({ consecutiveMissing, latestDuePeriod: '2024-05', completed }, periods))

  it('fires at N consecutive missing periods, clears when the newest due period is reported, and holds in between', () => {
    expect([0, 1, 2, 3].map((n) => miss(n))).toEqual(['cleared', 'between', 'met', 'met'])
    expect(miss(1, 1)).toBe('met')
  })

  it('clears a task verified complete, which owes no more reports', () => {
    expect(miss(5, 2, true)).toBe('cleared')
  })

  it('keys the series by the newest due period, so each new period is new data', () => {
    expect(taskReportMissing({ consecutiveMissing: 2, latestDuePeriod: '2024-05', completed: false }, 2)).toEqual({
      kind: 'met',
      dataKey: '2024-05',
    })
    expect(taskReportMissing({ consecutiveMissing: 0, latestDuePeriod: null, completed: false }, 2)).toEqual({
      kind: 'cleared',
      dataKey: 'none',
    })
  })

  it('holds the firing → clearing order for any run of reports (property)', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.integer({ min: 1, max: 12 }), (n, periods) => {
        const k = miss(n, periods)
        return n === 0 ? k === 'cleared' : n >= periods ? k === 'met' : k === 'between'
      }),
    )
  })
})
