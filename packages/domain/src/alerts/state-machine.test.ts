import { describe, expect, it } from 'vitest'
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
/** The instant `s` seconds after T0, in the canonical form the machine stores. */
const at = (s: number): string => new Date(T0 + s * 1000).toISOString()
const timing = (over: Partial<AlertTiming> = {}): AlertTiming => ({
  forMs: 0,
  forPeriods: 0,
  keepFiringMs: 0,
  noData: 'keep',
  ...over,
})

const met = (dataKey: string): Evaluation => ({ kind: 'met', dataKey })
const cleared = (dataKey: string): Evaluation => ({ kind: 'cleared', dataKey })
const between = (dataKey: string): Evaluation => ({ kind: 'between', dataKey })
const nodata: Evaluation = { kind: 'nodata' }
const error: Evaluation = { kind: 'error', message: 'database unavailable' }

/** Runs evaluations at the given seconds from a fresh memory; returns the last memory and every transition. */
const run = (
  t: AlertTiming,
  steps: [Evaluation, number][],
  start: AlertMemory = initialMemory(at(0)),
): { memory: AlertMemory; transitions: Transition[] } => {
  let memory = start
  const transitions: Transition[] = []
  for (const [ev, s] of steps) {
    const r = step(memory, ev, at(s), t)
    memory = r.memory
    if (r.transition) transitions.push(r.transition)
  }
  return { memory, transitions }
}

/** A memory in `state`, reached through the machine itself so that its fields are consistent. */
const reach = (state: 'pending' | 'firing' | 'recovering', t: AlertTiming): AlertMemory => {
  switch (state) {
    case 'pending':
      return run({ ...t, forMs: 60_000 }, [[met('2025-01'), 0]]).memory
    case 'firing':
      return run({ ...t, forMs: 0, forPeriods: 0 }, [[met('2025-01'), 0]]).memory
    case 'recovering':
      return run({ ...t, forMs: 0, forPeriods: 0, keepFiringMs: 60_000 }, [
        [met('2025-01'), 0],
        [cleared('2025-02'), 1],
      ]).memory
  }
}

describe('initialMemory', () => {
  it('starts normal, with no episode, at the given instant in canonical UTC form', () => {
    expect(initialMemory('2025-03-01T08:00:00+08:00')).toEqual({
      state: 'normal',
      since: '2025-03-01T00:00:00.000Z',
      pendingSince: null,
      pendingPeriods: 0,
      recoveringSince: null,
      episode: 0,
      lastDataKey: null,
      firingSince: null,
    })
  })

  it('rejects a date or a local time without an offset, which the host would read in its own zone', () => {
    expect(() => initialMemory('2025-03-01')).toThrow(RangeError)
    expect(() => initialMemory('2025-03-01T08:00:00')).toThrow(RangeError)
    expect(() => initialMemory('yesterday')).toThrow(RangeError)
    expect(() => initialMemory('2025-13-01T00:00:00Z')).toThrow(RangeError)
  })

  it('lists the six states', () => {
    expect([...alertStates].sort()).toEqual(['error', 'firing', 'nodata', 'normal', 'pending', 'recovering'])
  })
})

describe('step: normal', () => {
  it('stays normal without a transition on cleared or between, remembering the data key', () => {
    for (const ev of [cleared('2025-01'), between('2025-01')]) {
      const r = step(initialMemory(at(0)), ev, at(10), timing())
      expect(r.transition).toBeNull()
      expect(r.memory).toMatchObject({ state: 'normal', since: at(0), lastDataKey: '2025-01' })
    }
  })

  it('fires at once on met when forMs is 0 and forPeriods ≤ 1, opening episode 1', () => {
    for (const forPeriods of [0, 1]) {
      const r = step(initialMemory(at(0)), met('2025-01'), at(5), timing({ forPeriods }))
      expect(r.transition).toEqual({ from: 'normal', to: 'firing', at: at(5), notify: 'firing' })
      expect(r.memory).toMatchObject({
        state: 'firing',
        since: at(5),
        episode: 1,
        firingSince: at(5),
        pendingSince: null,
        pendingPeriods: 0,
      })
    }
  })

  it('goes pending on met when it must hold for a time, counting the entering evaluation as period 1', () => {
    const r = step(initialMemory(at(0)), met('2025-01'), at(5), timing({ forMs: 60_000 }))
    expect(r.transition).toEqual({ from: 'normal', to: 'pending', at: at(5), notify: null })
    expect(r.memory).toMatchObject({
      state: 'pending',
      since: at(5),
      pendingSince: at(5),
      pendingPeriods: 1,
      episode: 0,
      firingSince: null,
    })
  })

  it('goes pending on met when it must hold for two or more periods', () => {
    const r = step(initialMemory(at(0)), met('2025-01'), at(5), timing({ forPeriods: 2 }))
    expect(r.transition?.to).toBe('pending')
    expect(r.memory.pendingPeriods).toBe(1)
  })
})

describe('step: pending', () => {
  it('stays pending without a transition until forMs has passed, then fires (boundary inclusive)', () => {
    const t = timing({ forMs: 60_000 })
    const { memory, transitions } = run(t, [
      [met('2025-01'), 0],
      [met('2025-01'), 30],
      [met('2025-01'), 59],
    ])
    expect(transitions.map((x) => x.to)).toEqual(['pending'])
    expect(memory).toMatchObject({ state: 'pending', pendingSince: at(0), since: at(0) })
    const r = step(memory, met('2025-01'), at(60), t)
    expect(r.transition).toEqual({ from: 'pending', to: 'firing', at: at(60), notify: 'firing' })
    expect(r.memory).toMatchObject({
      state: 'firing',
      episode: 1,
      firingSince: at(60),
      pendingSince: null,
      pendingPeriods: 0,
    })
  })

  it('fires on the forPeriods-th evaluation with a new data key', () => {
    const { memory, transitions } = run(timing({ forPeriods: 3 }), [
      [met('2025-01'), 0],
      [met('2025-02'), 1],
      [met('2025-03'), 2],
    ])
    expect(transitions.map((x) => [x.to, x.notify])).toEqual([
      ['pending', null],
      ['firing', 'firing'],
    ])
    expect(memory.episode).toBe(1)
  })

  it('does not count a repeated data key as a period', () => {
    const { memory, transitions } = run(timing({ forPeriods: 2 }), [
      [met('2025-01'), 0],
      [met('2025-01'), 1],
      [met('2025-01'), 2],
      [met('2025-01'), 3],
    ])
    expect(transitions.map((x) => x.to)).toEqual(['pending'])
    expect(memory.pendingPeriods).toBe(1)
    expect(step(memory, met('2025-02'), at(4), timing({ forPeriods: 2 })).transition?.notify).toBe('firing')
  })

  it('needs both forMs and forPeriods when both are set', () => {
    const t = timing({ forMs: 60_000, forPeriods: 2 })
    // Periods reached but not the time:
    const early = run(t, [
      [met('2025-01'), 0],
      [met('2025-02'), 10],
    ])
    expect(early.memory).toMatchObject({ state: 'pending', pendingPeriods: 2 })
    // Time reached but not the periods:
    const samePeriod = run(t, [
      [met('2025-01'), 0],
      [met('2025-01'), 120],
    ])
    expect(samePeriod.memory).toMatchObject({ state: 'pending', pendingPeriods: 1 })
    // Both:
    expect(step(early.memory, met('2025-02'), at(60), t).memory.state).toBe('firing')
  })

  it('returns to normal silently on cleared and on between, forgetting its progress', () => {
    const t = timing({ forMs: 60_000 })
    for (const ev of [cleared('2025-02'), between('2025-02')]) {
      const r = step(reach('pending', t), ev, at(30), t)
      expect(r.transition).toEqual({ from: 'pending', to: 'normal', at: at(30), notify: null })
      expect(r.memory).toMatchObject({ state: 'normal', pendingSince: null, pendingPeriods: 0, episode: 0 })
    }
    // The wait starts over: 60 s after the first met is not enough when it was interrupted.
    const { memory } = run(t, [
      [met('2025-01'), 0],
      [between('2025-02'), 30],
      [met('2025-03'), 40],
      [met('2025-03'), 60],
    ])
    expect(memory).toMatchObject({ state: 'pending', pendingSince: at(40) })
  })
})

describe('step: firing', () => {
  it('stays firing without a transition on met and on between (hysteresis)', () => {
    const t = timing()
    const firing = reach('firing', t)
    for (const ev of [met('2025-02'), between('2025-02')]) {
      const r = step(firing, ev, at(30), t)
      expect(r.transition).toBeNull()
      expect(r.memory).toMatchObject({
        state: 'firing',
        since: at(0),
        episode: 1,
        firingSince: at(0),
        lastDataKey: '2025-02',
      })
    }
  })

  it('resolves on cleared when there is no keep-firing window', () => {
    const r = step(reach('firing', timing()), cleared('2025-02'), at(30), timing())
    expect(r.transition).toEqual({ from: 'firing', to: 'normal', at: at(30), notify: 'resolved' })
    expect(r.memory).toMatchObject({ state: 'normal', episode: 1, firingSince: null })
  })

  it('goes recovering silently on cleared when it must keep firing for a while', () => {
    const t = timing({ keepFiringMs: 60_000 })
    const r = step(reach('firing', t), cleared('2025-02'), at(30), t)
    expect(r.transition).toEqual({ from: 'firing', to: 'recovering', at: at(30), notify: null })
    expect(r.memory).toMatchObject({ state: 'recovering', recoveringSince: at(30), firingSince: at(0), episode: 1 })
  })
})

describe('step: recovering', () => {
  const t = timing({ keepFiringMs: 60_000 })

  it('returns to firing in the same episode, without a new notification, on met', () => {
    const r = step(reach('recovering', t), met('2025-03'), at(30), t)
    expect(r.transition).toEqual({ from: 'recovering', to: 'firing', at: at(30), notify: null })
    expect(r.memory).toMatchObject({ state: 'firing', episode: 1, firingSince: at(0), recoveringSince: null })
  })

  it('stays recovering on cleared or between until keepFiringMs has passed', () => {
    for (const ev of [cleared('2025-03'), between('2025-03')]) {
      const r = step(reach('recovering', t), ev, at(60), t)
      expect(r.transition).toBeNull()
      expect(r.memory).toMatchObject({ state: 'recovering', recoveringSince: at(1), since: at(1) })
    }
  })

  it('resolves on cleared or between once keepFiringMs has passed (boundary inclusive)', () => {
    for (const ev of [cleared('2025-03'), between('2025-03')]) {
      const r = step(reach('recovering', t), ev, at(61), t)
      expect(r.transition).toEqual({ from: 'recovering', to: 'normal', at: at(61), notify: 'resolved' })
      expect(r.memory).toMatchObject({ state: 'normal', firingSince: null, recoveringSince: null, episode: 1 })
    }
  })

  it('restarts the window when the condition comes back and clears again', () => {
    const { memory, transitions } = run(t, [
      [met('a'), 0],
      [cleared('b'), 10],
      [met('c'), 20],
      [cleared('d'), 30],
      [cleared('e'), 80],
      [cleared('f'), 90],
    ])
    expect(transitions.map((x) => [x.to, x.notify])).toEqual([
      ['firing', 'firing'],
      ['recovering', null],
      ['firing', null],
      ['recovering', null],
      ['normal', 'resolved'],
    ])
    expect(transitions[4]?.at).toBe(at(90))
    expect(memory.episode).toBe(1)
  })
})

describe('step: missing data', () => {
  it("'keep' leaves the memory exactly as it was, in every state", () => {
    const t = timing({ noData: 'keep', keepFiringMs: 1 })
    for (const memory of [initialMemory(at(0)), reach('pending', t), reach('firing', t), reach('recovering', t)]) {
      const r = step(memory, nodata, at(1000), t)
      expect(r.transition).toBeNull()
      expect(r.memory).toBe(memory)
    }
  })

  it("'nodata' enters the nodata state from normal and pending without a notification", () => {
    const t = timing({ noData: 'nodata', forMs: 60_000 })
    for (const memory of [initialMemory(at(0)), reach('pending', t)]) {
      const r = step(memory, nodata, at(30), t)
      expect(r.transition).toEqual({ from: memory.state, to: 'nodata', at: at(30), notify: null })
      expect(r.memory).toMatchObject({
        state: 'nodata',
        since: at(30),
        pendingSince: null,
        pendingPeriods: 0,
        firingSince: null,
      })
    }
  })

  it("'nodata' from firing or recovering does not resolve: the episode stays open", () => {
    const t = timing({ noData: 'nodata', keepFiringMs: 60_000 })
    for (const memory of [reach('firing', t), reach('recovering', t)]) {
      const r = step(memory, nodata, at(30), t)
      expect(r.transition).toEqual({ from: memory.state, to: 'nodata', at: at(30), notify: null })
      expect(r.memory).toMatchObject({ state: 'nodata', episode: 1, firingSince: at(0), recoveringSince: null })
      expect(step(r.memory, nodata, at(40), t).transition).toBeNull()
    }
  })

  it('after nodata with an open episode, met continues it silently and cleared resolves it', () => {
    const t = timing({ noData: 'nodata' })
    const gone = step(reach('firing', t), nodata, at(30), t).memory
    const back = step(gone, met('2025-02'), at(40), t)
    expect(back.transition).toEqual({ from: 'nodata', to: 'firing', at: at(40), notify: null })
    expect(back.memory).toMatchObject({ episode: 1, firingSince: at(0) })
    expect(step(gone, between('2025-02'), at(40), t).transition).toEqual({
      from: 'nodata',
      to: 'firing',
      at: at(40),
      notify: null,
    })
    expect(step(gone, cleared('2025-02'), at(40), t).transition).toEqual({
      from: 'nodata',
      to: 'normal',
      at: at(40),
      notify: 'resolved',
    })
    // With a keep-firing window the recovery starts afresh from the returning data.
    const kept = step(gone, cleared('2025-02'), at(40), { ...t, keepFiringMs: 60_000 })
    expect(kept.transition).toEqual({ from: 'nodata', to: 'recovering', at: at(40), notify: null })
    expect(kept.memory.recoveringSince).toBe(at(40))
  })

  it('after nodata without an episode, the next evaluation starts as from normal', () => {
    const t = timing({ noData: 'nodata' })
    const gone = step(initialMemory(at(0)), nodata, at(30), t).memory
    expect(step(gone, cleared('2025-01'), at(40), t).transition).toEqual({
      from: 'nodata',
      to: 'normal',
      at: at(40),
      notify: null,
    })
    expect(step(gone, met('2025-01'), at(40), t).transition).toEqual({
      from: 'nodata',
      to: 'firing',
      at: at(40),
      notify: 'firing',
    })
    expect(step(gone, met('2025-01'), at(40), { ...t, forMs: 1000 }).memory).toMatchObject({
      state: 'pending',
      pendingSince: at(40),
      pendingPeriods: 1,
    })
  })

  it("'ok' reads missing data as cleared", () => {
    const t = timing({ noData: 'ok', forMs: 60_000 })
    expect(step(reach('firing', t), nodata, at(30), t).transition).toEqual({
      from: 'firing',
      to: 'normal',
      at: at(30),
      notify: 'resolved',
    })
    expect(step(reach('pending', t), nodata, at(30), t).transition).toEqual({
      from: 'pending',
      to: 'normal',
      at: at(30),
      notify: null,
    })
    const r = step(initialMemory(at(0)), nodata, at(30), t)
    expect(r.transition).toBeNull()
    expect(r.memory.lastDataKey).toBeNull()
  })

  it("'alerting' reads missing data as met: at once when nothing delays it, after forMs otherwise", () => {
    const now = timing({ noData: 'alerting' })
    expect(step(initialMemory(at(0)), nodata, at(5), now).transition).toEqual({
      from: 'normal',
      to: 'firing',
      at: at(5),
      notify: 'firing',
    })
    const held = timing({ noData: 'alerting', forMs: 60_000 })
    const { transitions } = run(held, [
      [nodata, 0],
      [nodata, 30],
      [nodata, 60],
    ])
    expect(transitions.map((x) => [x.to, x.notify])).toEqual([
      ['pending', null],
      ['firing', 'firing'],
    ])
  })

  it("'alerting' never counts missing data as a new period", () => {
    const t = timing({ noData: 'alerting', forPeriods: 2 })
    const { memory, transitions } = run(t, [
      [nodata, 0],
      [nodata, 10],
      [nodata, 20],
    ])
    expect(transitions.map((x) => x.to)).toEqual(['pending'])
    expect(memory.pendingPeriods).toBe(0)
    // Two new periods of real data are still needed.
    const later = run(
      t,
      [
        [met('2025-01'), 30],
        [met('2025-02'), 40],
      ],
      memory,
    )
    expect(later.transitions.map((x) => x.notify)).toEqual(['firing'])
  })
})

describe('step: error', () => {
  it('enters error from every state without a notification, and stays there on repeated errors', () => {
    const t = timing({ keepFiringMs: 60_000, forMs: 60_000 })
    const nodataMemory = step(initialMemory(at(0)), nodata, at(0), { ...t, noData: 'nodata' }).memory
    for (const memory of [
      initialMemory(at(0)),
      reach('pending', t),
      reach('firing', t),
      reach('recovering', t),
      nodataMemory,
    ]) {
      const r = step(memory, error, at(30), t)
      expect(r.transition).toEqual({ from: memory.state, to: 'error', at: at(30), notify: null })
      expect(r.memory).toMatchObject({
        state: 'error',
        since: at(30),
        episode: memory.episode,
        firingSince: memory.firingSince,
        pendingSince: null,
        recoveringSince: null,
      })
      const again = step(r.memory, error, at(40), t)
      expect(again.transition).toBeNull()
      expect(again.memory.since).toBe(at(30))
    }
  })

  it('resumes as from normal: pending progress is forgotten and the wait starts over', () => {
    const t = timing({ forMs: 60_000 })
    const { memory, transitions } = run(t, [
      [met('a'), 0],
      [error, 50],
      [met('a'), 70],
      [met('a'), 100],
    ])
    expect(transitions.map((x) => [x.from, x.to])).toEqual([
      ['normal', 'pending'],
      ['pending', 'error'],
      ['error', 'pending'],
    ])
    expect(memory).toMatchObject({ state: 'pending', pendingSince: at(70) })
  })

  it('resumes an open episode as firing: no second firing notification, and cleared resolves it', () => {
    const t = timing()
    const { memory, transitions } = run(t, [
      [met('a'), 0],
      [error, 10],
      [met('b'), 20],
      [error, 30],
      [cleared('c'), 40],
    ])
    expect(transitions.map((x) => [x.from, x.to, x.notify])).toEqual([
      ['normal', 'firing', 'firing'],
      ['firing', 'error', null],
      ['error', 'firing', null],
      ['firing', 'error', null],
      ['error', 'normal', 'resolved'],
    ])
    expect(memory.episode).toBe(1)
  })

  it('an error while recovering resumes as firing, so a value inside the band keeps the episode open', () => {
    const t = timing({ keepFiringMs: 60_000 })
    const stopped = step(reach('recovering', t), error, at(10), t).memory
    const r = step(stopped, between('c'), at(100), t)
    expect(r.transition).toEqual({ from: 'error', to: 'firing', at: at(100), notify: null })
  })

  it('missing data under policy keep leaves the error state alone', () => {
    const t = timing({ noData: 'keep' })
    const stopped = step(initialMemory(at(0)), error, at(10), t).memory
    expect(step(stopped, nodata, at(20), t).memory).toBe(stopped)
  })
})

describe('step: clock and settings', () => {
  it('never moves time backwards: a now before since is taken as since', () => {
    const t = timing({ keepFiringMs: 60_000 })
    const firing = run(t, [[met('a'), 100]]).memory
    const r = step(firing, cleared('b'), at(50), t)
    expect(r.transition?.at).toBe(at(100))
    expect(r.memory).toMatchObject({ since: at(100), recoveringSince: at(100) })
  })

  it('stores instants in canonical UTC form whatever offset the caller used', () => {
    const r = step(initialMemory('2025-03-01T08:00:00+08:00'), met('a'), '2025-03-01T08:00:05+08:00', timing())
    expect(r.memory.since).toBe('2025-03-01T00:00:05.000Z')
    expect(r.transition?.at).toBe('2025-03-01T00:00:05.000Z')
  })

  it('rejects invalid timing and a malformed now', () => {
    const m = initialMemory(at(0))
    expect(() => step(m, met('a'), at(1), timing({ forMs: -1 }))).toThrow(RangeError)
    expect(() => step(m, met('a'), at(1), timing({ forMs: Number.NaN }))).toThrow(RangeError)
    expect(() => step(m, met('a'), at(1), timing({ forPeriods: 1.5 }))).toThrow(RangeError)
    expect(() => step(m, met('a'), at(1), timing({ keepFiringMs: -5 }))).toThrow(RangeError)
    expect(() => step(m, met('a'), at(1), { ...timing(), noData: 'maybe' as AlertTiming['noData'] })).toThrow(
      RangeError,
    )
    expect(() => step(m, met('a'), '2025-03-01', timing())).toThrow(RangeError)
  })

  it('does not mutate the memory it is given', () => {
    const m = reach('firing', timing())
    const copy = structuredClone(m)
    step(m, cleared('b'), at(10), timing({ keepFiringMs: 1000 }))
    expect(m).toEqual(copy)
  })
})
