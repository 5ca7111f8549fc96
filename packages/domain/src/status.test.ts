import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Comparator, Direction, IndicatorStatus } from '@cockpit/contracts'
import { addDays, type IsoDate } from './dates.js'
import type { Observation } from './observation.js'
import { expectedValue } from './path.js'
import { evaluateStatus, type StatusResult } from './status.js'
import { finalTarget, targetAnchor, type IndicatorSpec, type TargetPoint } from './target.js'
import { cloud } from './test-specs.js'

// Ten days from 0 to 100, so the expected value on 2025-01-06 is exactly 50 and thresholds are exact.
const tenDays: IndicatorSpec = {
  direction: 'higher',
  measure: 'quantity',
  baseline: { date: '2025-01-01', value: 0 },
  targets: [{ dueDate: '2025-01-11', comparator: 'gte', value: 100 }],
}
const onDay6 = (value: number): StatusResult =>
  evaluateStatus(tenDays, [{ periodEnd: '2025-01-06', value }], '2025-01-06')

describe('evaluateStatus: no data', () => {
  it('is no-data without observations, keeping what the plan alone tells', () => {
    const r = evaluateStatus(cloud, [], '2024-06-30')
    expect(r).toMatchObject({
      status: 'no-data',
      latest: null,
      expected: null,
      gap: null,
      gapRatio: null,
      forecast: null,
      forecastMeets: null,
      baselineSource: 'plan',
      reason: '暂无数据',
    })
    expect(r.timeProgress).toBeCloseTo(547 / 1096, 12)
    expect(r.target).toBe(cloud.targets[0])
  })

  it('is no-data when every observation is after asOf, and has no source for a start without a baseline', () => {
    const r = evaluateStatus({ ...cloud, baseline: null }, [{ periodEnd: '2024-09-30', value: 60 }], '2024-06-30')
    expect(r.status).toBe('no-data')
    expect(r.baselineSource).toBe('none')
    expect(r.timeProgress).toBeNull()
  })

  it('treats non-finite values as missing', () => {
    expect(evaluateStatus(cloud, [{ periodEnd: '2024-03-31', value: Number.NaN }], '2024-06-30').status).toBe('no-data')
  })
})

describe('evaluateStatus: achieved', () => {
  it('a value exactly on the final ≥ target is achieved', () => {
    const r = evaluateStatus(cloud, [{ periodEnd: '2024-03-31', value: 80 }], '2024-06-30')
    expect(r.status).toBe('achieved')
    expect(r.reason).toBe('已达到最终目标')
    expect(r.completion).toBe(1)
  })

  it('a lower-is-better indicator at its "为0" target is achieved', () => {
    const certificates: IndicatorSpec = {
      direction: 'lower',
      measure: 'count',
      baseline: { date: '2022-12-31', value: 20 },
      targets: [{ dueDate: '2025-12-31', comparator: 'lte', value: 0 }],
    }
    expect(evaluateStatus(certificates, [{ periodEnd: '2023-06-30', value: 0 }], '2023-07-01').status).toBe('achieved')
  })

  it('over-fulfilling a higher-is-better range ("1-2个" with 3) is achieved', () => {
    const spec: IndicatorSpec = {
      direction: 'higher',
      measure: 'count',
      baseline: null,
      targets: [{ dueDate: '2025-12-31', comparator: 'range', value: 1, valueMax: 2 }],
    }
    expect(evaluateStatus(spec, [{ periodEnd: '2025-06-30', value: 3 }], '2025-07-01').status).toBe('achieved')
  })

  it('achieving the final target early clears a missed intermediate one', () => {
    const spec: IndicatorSpec = {
      ...cloud,
      targets: [
        { dueDate: '2023-12-31', comparator: 'gte', value: 50 },
        { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
      ],
    }
    const obs = [
      { periodEnd: '2023-12-31', value: 40 },
      { periodEnd: '2024-12-31', value: 81 },
    ]
    expect(evaluateStatus(spec, obs, '2025-01-15').status).toBe('achieved')
  })
})

describe('evaluateStatus: pace against 序时进度', () => {
  it('a value exactly on the path is on track with a zero gap', () => {
    const r = onDay6(50)
    expect(r).toMatchObject({
      status: 'on-track',
      expected: 50,
      gap: 0,
      gapRatio: 0,
      reason: '符合序时进度',
      completion: 0.5,
    })
  })

  it('a value on the path up to float noise is still exactly on it', () => {
    const r = evaluateStatus(cloud, [{ periodEnd: '2024-06-30', value: 30 + (50 * 547) / 1096 + 1e-12 }], '2024-06-30')
    expect(r.gap).toBe(0)
    expect(r.status).toBe('on-track')
  })

  it('ahead of the path is on track and says by how much', () => {
    expect(onDay6(60)).toMatchObject({ status: 'on-track', gap: 10, gapRatio: 0.1, reason: '高于序时进度10%' })
  })

  it('the tolerance bands are inclusive: 5% behind is on track, 15% behind is at risk, beyond is off track', () => {
    expect(onDay6(45).status).toBe('on-track')
    expect(onDay6(44.9).status).toBe('at-risk')
    expect(onDay6(37.5)).toMatchObject({ status: 'at-risk', reason: '低于序时进度12.5%' })
    expect(onDay6(35).status).toBe('at-risk')
    expect(onDay6(34.9)).toMatchObject({ status: 'off-track', reason: '低于序时进度15.1%' })
  })

  it('uses the tolerances it is given', () => {
    const r = evaluateStatus(tenDays, [{ periodEnd: '2025-01-06', value: 40 }], '2025-01-06', {
      onTrack: 0.1,
      atRisk: 0.2,
    })
    expect(r.status).toBe('on-track')
  })

  it('signs the gap so that positive is ahead for a lower-is-better indicator', () => {
    const spec: IndicatorSpec = {
      direction: 'lower',
      measure: 'count',
      baseline: { date: '2025-01-01', value: 100 },
      targets: [{ dueDate: '2025-01-11', comparator: 'lte', value: 0 }],
    }
    const behind = evaluateStatus(spec, [{ periodEnd: '2025-01-06', value: 60 }], '2025-01-06')
    expect(behind).toMatchObject({ status: 'at-risk', expected: 50, gap: -10, gapRatio: -0.1, completion: 0.4 })
    expect(evaluateStatus(spec, [{ periodEnd: '2025-01-06', value: 40 }], '2025-01-06').gap).toBe(10)
  })

  it('judges the newest observation against the path at its own period end, not at asOf', () => {
    const r = evaluateStatus(cloud, [{ periodEnd: '2023-12-31', value: 30 + (50 * 365) / 1096 }], '2024-06-30')
    expect(r.status).toBe('on-track')
    expect(r.gap).toBe(0)
    expect(r.timeProgress).toBeCloseTo(547 / 1096, 12)
  })

  it('scales by the size of the target when the start is already at the anchor', () => {
    const spec: IndicatorSpec = { ...cloud, baseline: { date: '2022-12-31', value: 80 } }
    const r = evaluateStatus(spec, [{ periodEnd: '2024-06-30', value: 70 }], '2024-06-30')
    expect(r).toMatchObject({ status: 'at-risk', gap: -10, gapRatio: -0.125, completion: null })
  })
})

describe('evaluateStatus: deadlines', () => {
  const staged: IndicatorSpec = {
    ...cloud,
    targets: [
      { dueDate: '2025-12-31', comparator: 'gte', value: 80 },
      { dueDate: '2023-12-31', comparator: 'gte', value: 50 },
    ],
  }

  it('a missed intermediate target makes it off track even when now ahead of the path', () => {
    const obs = [
      { periodEnd: '2023-12-31', value: 45 },
      { periodEnd: '2024-06-30', value: 75 },
    ]
    const r = evaluateStatus(staged, obs, '2024-07-15')
    expect(r).toMatchObject({ status: 'off-track', reason: '目标期限已过未达标' })
    expect(r.gap).toBeGreaterThan(0)
  })

  it('a met intermediate target lets the pace decide', () => {
    const obs = [
      { periodEnd: '2023-12-31', value: 50 },
      { periodEnd: '2024-06-30', value: 60 },
    ]
    expect(evaluateStatus(staged, obs, '2024-07-15').status).toBe('on-track')
  })

  it('a past target with no observation by its due date is missed', () => {
    expect(evaluateStatus(staged, [{ periodEnd: '2024-03-31', value: 65 }], '2024-07-15').reason).toBe(
      '目标期限已过未达标',
    )
  })

  it('a target due on asOf itself is not yet past', () => {
    expect(evaluateStatus(staged, [{ periodEnd: '2023-09-30', value: 45 }], '2023-12-31').status).toBe('on-track')
  })

  it('a final target past due and unmet is off track', () => {
    const r = evaluateStatus(cloud, [{ periodEnd: '2025-12-31', value: 79 }], '2026-03-31')
    expect(r).toMatchObject({ status: 'off-track', reason: '目标期限已过未达标' })
    expect(r.target).toBe(cloud.targets[0])
  })

  it('reports the next target due as the active one', () => {
    expect(evaluateStatus(staged, [{ periodEnd: '2023-09-30', value: 45 }], '2023-10-01').target.value).toBe(50)
    expect(evaluateStatus(staged, [{ periodEnd: '2024-03-31', value: 60 }], '2024-04-01').target.value).toBe(80)
  })
})

describe('evaluateStatus: without a baseline', () => {
  const noBaseline: IndicatorSpec = { ...cloud, baseline: null }

  it('starts the path at the first observation', () => {
    const obs = [
      { periodEnd: '2023-12-31', value: 40 },
      { periodEnd: '2024-12-31', value: 60 },
    ]
    const r = evaluateStatus(noBaseline, obs, '2025-01-01')
    expect(r.baselineSource).toBe('first-observation')
    expect(r.expected).toBeCloseTo(40 + (40 * 366) / 731, 12)
    expect(r.status).toBe('on-track')
    expect(r.completion).toBe(0.5)
  })

  it('a single observation is on the path by definition', () => {
    const r = evaluateStatus(noBaseline, [{ periodEnd: '2024-03-31', value: 10 }], '2024-04-01')
    expect(r).toMatchObject({ status: 'on-track', gap: 0, expected: 10, baselineSource: 'first-observation' })
  })

  it('ignores observations after asOf for the start, the latest value and the forecast', () => {
    const obs = [
      { periodEnd: '2024-12-31', value: 60 },
      { periodEnd: '2023-12-31', value: 40 },
      { periodEnd: '2025-06-30', value: 10 },
    ]
    const r = evaluateStatus(noBaseline, obs, '2025-01-01')
    expect(r.latest).toBe(obs[0])
    expect(r.forecast).toBeCloseTo(80, 0)
  })
})

describe('evaluateStatus: forecast', () => {
  it('extends the recent trend to the final due date and checks it against the final target', () => {
    const obs = ['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31'].map((d, i) => ({
      periodEnd: d,
      value: 50 + 5 * i,
    }))
    const r = evaluateStatus(cloud, obs, '2025-01-15')
    expect(r.forecast).toBeGreaterThan(80)
    expect(r.forecastMeets).toBe(true)
  })

  it('is null with a single reporting date', () => {
    const r = evaluateStatus(cloud, [{ periodEnd: '2024-12-31', value: 50 }], '2025-01-15')
    expect(r.forecast).toBeNull()
    expect(r.forecastMeets).toBeNull()
  })
})

describe('evaluateStatus: input', () => {
  it('throws on a malformed asOf', () => {
    expect(() => evaluateStatus(cloud, [], '2025-02-29')).toThrow(RangeError)
  })

  it('takes the report given later when two share the newest period end', () => {
    const obs = [
      { periodEnd: '2024-06-30', value: 10 },
      { periodEnd: '2024-06-30', value: 70 },
    ]
    expect(evaluateStatus(cloud, obs, '2024-07-01').latest).toBe(obs[1])
  })
})

// ---- properties ----

const rank: Record<IndicatorStatus, number> = {
  'no-data': -1,
  'off-track': 0,
  'at-risk': 1,
  'on-track': 2,
  achieved: 3,
}
const EPOCH: IsoDate = '2022-12-31'
const dateAt = (n: number): IsoDate => addDays(EPOCH, n)
// Hundredths rather than fc.double, whose bias towards 0 and the bounds would make most spans degenerate.
const fraction = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100)

interface Case {
  spec: IndicatorSpec
  observations: Observation[]
}

/**
 * Realistic shapes so every status turns up: targets lie ahead of the start value (mostly in the
 * good direction), due dates straddle asOf, and observations scatter around the way to the target.
 */
const caseArb = (comparators: (direction: Direction) => Comparator[]): fc.Arbitrary<Case> =>
  fc
    .record({
      direction: fc.constantFrom<Direction>('higher', 'lower'),
      start: fraction(-1000, 1000),
      withBaseline: fc.boolean(),
      baselineDay: fc.integer({ min: -100, max: 300 }),
      scale: fraction(1, 1000),
    })
    .chain(({ direction, start, withBaseline, baselineDay, scale }) => {
      const sign = direction === 'higher' ? 1 : -1
      const target = fc
        .record({
          day: fc.integer({ min: 200, max: 1500 }),
          comparator: fc.constantFrom(...comparators(direction)),
          share: fc.oneof({ arbitrary: fraction(0.2, 1.2), weight: 4 }, { arbitrary: fraction(-0.2, 0.2), weight: 1 }),
          width: fraction(0, 0.3),
        })
        .map(({ day, comparator, share, width }): TargetPoint => {
          const value = start + sign * share * scale
          return {
            dueDate: dateAt(day),
            comparator,
            value,
            valueMax: comparator === 'range' ? value + width * scale : null,
          }
        })
      return fc.array(target, { minLength: 1, maxLength: 3 }).chain((targets) => {
        const spec: IndicatorSpec = {
          direction,
          measure: 'quantity',
          baseline: withBaseline ? { date: dateAt(baselineDay), value: start } : null,
          targets,
        }
        // Observations scatter just behind and ahead of the plan's own path, where the tolerance bands lie.
        const planned = { ...spec, baseline: { date: dateAt(baselineDay), value: start } }
        const observation = fc
          .record({ day: fc.integer({ min: -100, max: 1500 }), off: fraction(-0.4, 0.2) })
          .map(({ day, off }): Observation => {
            const periodEnd = dateAt(day)
            return { periodEnd, value: (expectedValue(planned, periodEnd) ?? start) + sign * off * scale }
          })
        return fc.record({
          spec: fc.constant(spec),
          observations: fc.array(observation, { minLength: 0, maxLength: 6 }),
        })
      })
    })

/** Any comparator, including ones that disagree with the direction: mirroring must not care. */
const anyCase = caseArb(() => ['gte', 'lte', 'eq', 'range'])

/**
 * Comparators that agree with the direction. eq is left out on purpose: overshooting an exact
 * target misses it, so for eq a better value can legitimately lose "achieved".
 */
const consistentCase = caseArb((direction) => [direction === 'higher' ? 'gte' : 'lte', 'range'])

const asOfArb = fc.integer({ min: -50, max: 1700 }).map(dateAt)

const mirrorTarget = (t: TargetPoint): TargetPoint => {
  switch (t.comparator) {
    case 'gte':
      return { ...t, comparator: 'lte', value: -t.value }
    case 'lte':
      return { ...t, comparator: 'gte', value: -t.value }
    case 'eq':
      return { ...t, value: -t.value }
    case 'range':
      return { ...t, value: -(t.valueMax ?? t.value), valueMax: -t.value }
  }
}

const mirror = (spec: IndicatorSpec, obs: Observation[]): [IndicatorSpec, Observation[]] => [
  {
    ...spec,
    direction: spec.direction === 'higher' ? 'lower' : 'higher',
    baseline: spec.baseline && { ...spec.baseline, value: -spec.baseline.value },
    targets: spec.targets.map(mirrorTarget),
  },
  obs.map((o) => ({ ...o, value: -o.value })),
]

// +0 and −0 are the same figure; a mirrored ratio may differ only in the sign of zero.
const plain = (x: number | null): number | null => (x === 0 ? 0 : x)

const better = (direction: Direction, value: number, by: number): number =>
  direction === 'higher' ? value + by : value - by

const improveLatest = ({ spec, observations }: Case, latest: Observation, by: number): Observation[] =>
  observations.map((o) => (o === latest ? { ...o, value: better(spec.direction, o.value, by) } : o))

const improvement = fc.double({ min: 0, max: 1000, noNaN: true })

describe('status properties', () => {
  it('mirroring an indicator (negate values, flip direction and comparators) gives the same status', () => {
    fc.assert(
      fc.property(anyCase, asOfArb, ({ spec, observations }, asOf) => {
        const [mSpec, mObs] = mirror(spec, observations)
        const a = evaluateStatus(spec, observations, asOf)
        const b = evaluateStatus(mSpec, mObs, asOf)
        expect(b.status).toBe(a.status)
        expect(b.reason).toBe(a.reason)
        expect(plain(b.gap)).toBe(plain(a.gap))
        expect(plain(b.gapRatio)).toBe(plain(a.gapRatio))
        expect(b.forecastMeets).toBe(a.forecastMeets)
        expect(b.baselineSource).toBe(a.baselineSource)
      }),
    )
  })

  it('a better latest value never yields a worse status at the same asOf', () => {
    fc.assert(
      fc.property(consistentCase, asOfArb, improvement, (c, asOf, by) => {
        const before = evaluateStatus(c.spec, c.observations, asOf)
        if (before.latest === null) return
        const after = evaluateStatus(c.spec, improveLatest(c, before.latest, by), asOf)
        expect(rank[after.status]).toBeGreaterThanOrEqual(rank[before.status])
      }),
    )
  })

  it('once achieved, any better value is still achieved', () => {
    fc.assert(
      fc.property(consistentCase, asOfArb, improvement, (c, asOf, by) => {
        const before = evaluateStatus(c.spec, c.observations, asOf)
        if (before.status !== 'achieved' || before.latest === null) return
        expect(evaluateStatus(c.spec, improveLatest(c, before.latest, by), asOf).status).toBe('achieved')
      }),
    )
  })

  it('a latest value exactly on the final target, or beyond it in the good direction, is achieved', () => {
    fc.assert(
      fc.property(consistentCase, asOfArb, improvement, ({ spec, observations }, asOf, by) => {
        const anchor = targetAnchor(finalTarget(spec), spec.direction)
        const newest = { periodEnd: asOf, value: anchor }
        expect(evaluateStatus(spec, [...observations, newest], asOf).status).toBe('achieved')
        expect(
          evaluateStatus(spec, [...observations, { ...newest, value: better(spec.direction, anchor, by) }], asOf)
            .status,
        ).toBe('achieved')
      }),
    )
  })

  it('an eq target is achieved by a value exactly on it', () => {
    fc.assert(
      fc.property(
        caseArb(() => ['eq']),
        asOfArb,
        ({ spec, observations }, asOf) => {
          const value = finalTarget(spec).value
          expect(evaluateStatus(spec, [...observations, { periodEnd: asOf, value }], asOf).status).toBe('achieved')
        },
      ),
    )
  })
})
