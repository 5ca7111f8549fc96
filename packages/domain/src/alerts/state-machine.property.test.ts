import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { belowPath, type Tolerance } from './conditions.js'
import {
  alertStates,
  initialMemory,
  step,
  type AlertMemory,
  type AlertTiming,
  type Evaluation,
  type Transition,
} from './state-machine.js'

const T0 = Date.parse('2025-03-01T00:00:00.000Z')
const keys = ['2025-01', '2025-02', '2025-03', '2025-04']

const withData: fc.Arbitrary<Evaluation> = fc.record({
  kind: fc.constantFrom('met' as const, 'cleared' as const, 'between' as const),
  dataKey: fc.constantFrom(...keys),
})
const evaluation: fc.Arbitrary<Evaluation> = fc.oneof(
  { weight: 8, arbitrary: withData },
  { weight: 1, arbitrary: fc.constant<Evaluation>({ kind: 'nodata' }) },
  { weight: 1, arbitrary: fc.constant<Evaluation>({ kind: 'error', message: 'boom' }) },
)
const timingArb: fc.Arbitrary<AlertTiming> = fc.record({
  forMs: fc.constantFrom(0, 1_000, 5_000),
  forPeriods: fc.integer({ min: 0, max: 3 }),
  keepFiringMs: fc.constantFrom(0, 3_000),
  noData: fc.constantFrom('nodata' as const, 'keep' as const, 'ok' as const, 'alerting' as const),
})
/** Evaluations with the milliseconds since the previous one; occasionally negative, as clock skew between workers. */
// size 'max': fast-check's default keeps arrays near 10 long, too short to reach firing → recovering → firing often.
const run = fc.array(fc.tuple(evaluation, fc.integer({ min: -500, max: 4_000 })), { maxLength: 60, size: 'max' })

interface Trace {
  before: AlertMemory
  ev: Evaluation
  after: AlertMemory
  transition: Transition | null
}

const simulate = (
  timing: AlertTiming,
  steps: [Evaluation, number][],
  start: AlertMemory = initialMemory(new Date(T0).toISOString()),
): Trace[] => {
  let memory = start
  let now = T0
  const trace: Trace[] = []
  for (const [ev, dt] of steps) {
    now += dt
    const r = step(memory, ev, new Date(now).toISOString(), timing)
    trace.push({ before: memory, ev, after: r.memory, transition: r.transition })
    memory = r.memory
  }
  return trace
}

const notifications = (trace: Trace[]): ('firing' | 'resolved')[] =>
  trace.flatMap((t) => (t.transition?.notify ? [t.transition.notify] : []))

// More runs than the default 100: the interesting paths (interruptions inside an open episode) are a few steps deep.
const runs = { numRuns: 200 }

describe('state machine properties', () => {
  // Predicates return booleans rather than calling expect per step: thousands of steps per property
  // would otherwise take seconds; fast-check reports the shrunk counterexample either way.
  it('notifications alternate firing, resolved, firing…: a resolved always lies between two firings and never comes first or twice', () => {
    fc.assert(
      fc.property(timingArb, run, (timing, steps) =>
        notifications(simulate(timing, steps)).every((n, i) => n === (i % 2 === 0 ? 'firing' : 'resolved')),
      ),
      runs,
    )
  })

  it('exactly one firing notification per episode: the episode grows by one with each, and only then', () => {
    fc.assert(
      fc.property(timingArb, run, (timing, steps) => {
        const trace = simulate(timing, steps)
        const last = trace[trace.length - 1]?.after.episode ?? 0
        return (
          trace.every((t) => t.after.episode === t.before.episode + (t.transition?.notify === 'firing' ? 1 : 0)) &&
          notifications(trace).filter((n) => n === 'firing').length === last
        )
      }),
      runs,
    )
  })

  it('pending never notifies: entering or leaving it is silent unless it is leaving for firing', () => {
    fc.assert(
      fc.property(timingArb, run, (timing, steps) =>
        simulate(timing, steps).every(({ transition: x }) => {
          if (x === null) return true
          if (x.to === 'pending' && x.notify !== null) return false
          return x.from !== 'pending' || x.notify === (x.to === 'firing' ? 'firing' : null)
        }),
      ),
      runs,
    )
  })

  it('a condition that never holds long enough never notifies at all', () => {
    fc.assert(
      fc.property(timingArb, run, (timing, steps) => {
        // Longer than any run can last, so nothing ever gets past pending.
        const trace = simulate({ ...timing, forMs: 10_000_000 }, steps)
        return (
          notifications(trace).length === 0 &&
          trace.every((t) => t.after.state !== 'firing' && t.after.state !== 'recovering')
        )
      }),
      runs,
    )
  })

  it('forPeriods counts only new data keys: a repeated key never advances pending', () => {
    fc.assert(
      fc.property(timingArb, run, (timing, steps) =>
        simulate(timing, steps).every(({ before, ev, after }) => {
          if (before.state !== 'pending' || after.state !== 'pending') return true
          const isNew = ev.kind !== 'nodata' && ev.kind !== 'error' && ev.dataKey !== before.lastDataKey
          return after.pendingPeriods <= before.pendingPeriods + (isNew ? 1 : 0)
        }),
      ),
      runs,
    )
  })

  it('with one data key throughout, a rule that needs two or more periods and no time never fires', () => {
    const sameKey = fc.constantFrom<Evaluation>(
      { kind: 'met', dataKey: 'k' },
      { kind: 'between', dataKey: 'k' },
      { kind: 'nodata' },
    )
    fc.assert(
      fc.property(
        timingArb,
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.tuple(sameKey, fc.nat(10_000)), { maxLength: 60, size: 'max' }),
        (timing, forPeriods, steps) => {
          const trace = simulate({ ...timing, forMs: 0, forPeriods }, steps)
          return notifications(trace).length === 0 && trace.every((t) => t.after.pendingPeriods <= 1)
        },
      ),
      runs,
    )
  })

  it('the state is always one of the six, since never decreases, and the bookkeeping fields match the state', () => {
    const consistent = ({ before, after, transition }: Trace): boolean =>
      alertStates.includes(after.state) &&
      Date.parse(after.since) >= Date.parse(before.since) &&
      (after.pendingSince !== null) === (after.state === 'pending') &&
      (after.recoveringSince !== null) === (after.state === 'recovering') &&
      (after.firingSince !== null || (after.state !== 'firing' && after.state !== 'recovering')) &&
      (after.firingSince === null || (after.state !== 'normal' && after.state !== 'pending')) &&
      // A transition is reported exactly when the state changes, and then since is its instant.
      (transition !== null) === (after.state !== before.state) &&
      (transition === null || after.since === transition.at)
    fc.assert(
      fc.property(timingArb, run, (timing, steps) => simulate(timing, steps).every(consistent)),
      runs,
    )
  })
})

describe('no flapping with belowPath', () => {
  const expected = 50
  const finalAnchor = 100
  /** A tolerance pair with a real band, and a position strictly inside it (0 < u < 1 of the way up). */
  const band = fc.record({
    fire: fc.double({ min: 1, max: 20, noNaN: true }),
    gap: fc.double({ min: 0.5, max: 0.95, noNaN: true }),
  })
  const inside = fc.array(
    fc.tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 10_000 })),
    { minLength: 1, maxLength: 60 },
  )

  it('once firing, values oscillating strictly inside the hysteresis band never resolve it', () => {
    fc.assert(
      fc.property(
        timingArb,
        band,
        inside,
        fc.constantFrom('higher' as const, 'lower' as const),
        (timing, { fire, gap }, wobble, direction) => {
          const recover = fire * (1 - gap)
          const sign = direction === 'higher' ? 1 : -1
          const tol = (value: number): Tolerance => ({ mode: 'points', value })
          const evaluate = (shortfall: number, dataKey: string): Evaluation =>
            belowPath(
              { value: expected - sign * shortfall, expected, finalAnchor, direction, dataKey },
              tol(fire),
              tol(recover),
            )

          const t: AlertTiming = { ...timing, forMs: 0, forPeriods: 0 }
          const start = step(
            initialMemory(new Date(T0).toISOString()),
            evaluate(fire * 1.5, 'p0'),
            new Date(T0).toISOString(),
            t,
          )
          expect(start.transition?.notify).toBe('firing')
          const trace = simulate(
            t,
            wobble.map(([u, dt], i): [Evaluation, number] => [
              evaluate(recover + (fire - recover) * u, `p${i + 1}`),
              dt,
            ]),
            start.memory,
          )
          for (const { ev, after } of trace) {
            expect(ev.kind).toBe('between')
            expect(after.state).toBe('firing')
          }
          expect(notifications(trace)).toEqual([])
        },
      ),
      runs,
    )
  })

  it('the same wobble from normal never fires either', () => {
    fc.assert(
      fc.property(timingArb, band, inside, (timing, { fire, gap }, wobble) => {
        const recover = fire * (1 - gap)
        const trace = simulate(
          timing,
          wobble.map(([u, dt], i): [Evaluation, number] => [
            belowPath(
              {
                value: expected - (recover + (fire - recover) * u),
                expected,
                finalAnchor,
                direction: 'higher',
                dataKey: `p${i}`,
              },
              { mode: 'points', value: fire },
              { mode: 'points', value: recover },
            ),
            dt,
          ]),
        )
        expect(notifications(trace)).toEqual([])
        for (const t of trace) expect(t.after.state).toBe('normal')
      }),
      runs,
    )
  })
})
