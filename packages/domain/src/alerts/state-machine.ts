import { canonicalInstant, instantMs } from './instants.js'

/**
 * The alert state machine, modelled on Grafana's alert states. Pure: the caller passes `now` and stores
 * the returned memory per rule × (indicator, jurisdiction).
 *
 *   normal     ─met→ pending, or straight to firing when forMs = 0 and forPeriods ≤ 1
 *   pending    ─met, held ≥ forMs and ≥ forPeriods new periods→ firing;  ─cleared / between→ normal (silently)
 *   firing     ─met / between→ firing (hysteresis);  ─cleared→ recovering when keepFiringMs > 0, else normal
 *   recovering ─met→ firing (same episode);  ─cleared / between, keepFiringMs after clearing→ normal
 *   any        ─error→ error;  ─no data under policy 'nodata'→ nodata
 *
 * Notifications: 'firing' when an episode opens (normal/pending → firing), 'resolved' when it closes
 * (firing/recovering → normal). Nothing else notifies, so a manager hears each episode exactly once
 * when it starts and at most once when it ends.
 */
export type AlertState = 'normal' | 'pending' | 'firing' | 'recovering' | 'nodata' | 'error'

export const alertStates: readonly AlertState[] = ['normal', 'pending', 'firing', 'recovering', 'nodata', 'error']

export interface AlertTiming {
  /** condition must hold this long before firing (ms); 0 fires at once */
  forMs: number
  /** ...or for this many consecutive evaluations with new data (periods); 0 = not used */
  forPeriods: number
  /** once firing, stay firing this long after the condition clears (keep_firing_for) */
  keepFiringMs: number
  /** what missing data means: 'nodata' state, 'keep' the last state, 'ok' treat as not met, 'alerting' as met */
  noData: 'nodata' | 'keep' | 'ok' | 'alerting'
}

/** What is stored per rule × (indicator, jurisdiction). Instants are canonical UTC ISO strings. */
export interface AlertMemory {
  state: AlertState
  /** ISO instant the state began. */
  since: string
  /** When the condition started holding; set only while pending. */
  pendingSince: string | null
  /** Consecutive evaluations with the condition met while pending. */
  pendingPeriods: number
  /** When the condition cleared while firing; set only while recovering. */
  recoveringSince: string | null
  /** Increments each time it starts firing. */
  episode: number
  /** The latest dataKey evaluated (e.g. a period key), so that periods are counted only on new data. */
  lastDataKey: string | null
  /**
   * When the open episode started firing; null when no episode is open. It survives 'recovering',
   * 'nodata' and 'error', which is what lets an episode that was interrupted by missing data or an
   * error continue afterwards instead of being announced a second time or never resolved.
   */
  firingSince: string | null
}

export type Evaluation =
  /** condition holds (beyond the FIRING threshold) */
  | { kind: 'met'; dataKey: string }
  /** condition clearly cleared (beyond the RECOVERY threshold) */
  | { kind: 'cleared'; dataKey: string }
  /** inside the hysteresis band: between firing and recovery thresholds */
  | { kind: 'between'; dataKey: string }
  | { kind: 'nodata' }
  | { kind: 'error'; message: string }

export interface Transition {
  from: AlertState
  to: AlertState
  at: string
  notify: 'firing' | 'resolved' | null
}

export interface StepResult {
  memory: AlertMemory
  /** Null when the state did not change (the memory may still have, e.g. lastDataKey or pendingPeriods). */
  transition: Transition | null
}

export const initialMemory = (now: string): AlertMemory => ({
  state: 'normal',
  since: canonicalInstant(instantMs(now, 'now')),
  pendingSince: null,
  pendingPeriods: 0,
  recoveringSince: null,
  episode: 0,
  lastDataKey: null,
  firingSince: null,
})

const noDataPolicies: ReadonlySet<string> = new Set(['nodata', 'keep', 'ok', 'alerting'])

/** Rule settings come from the database; a negative or fractional setting is a bug to surface, not to round. */
const assertTiming = (t: AlertTiming): void => {
  if (!(Number.isFinite(t.forMs) && t.forMs >= 0))
    throw new RangeError(`forMs must be a non-negative number, got ${t.forMs}`)
  if (!(Number.isInteger(t.forPeriods) && t.forPeriods >= 0))
    throw new RangeError(`forPeriods must be a non-negative integer, got ${t.forPeriods}`)
  if (!(Number.isFinite(t.keepFiringMs) && t.keepFiringMs >= 0))
    throw new RangeError(`keepFiringMs must be a non-negative number, got ${t.keepFiringMs}`)
  if (!noDataPolicies.has(t.noData)) throw new RangeError(`unknown noData policy: ${JSON.stringify(t.noData)}`)
}

/** An evaluation with data, or a no-data evaluation that the rule's policy reads as met or cleared (dataKey null: nothing new). */
interface Signal {
  kind: 'met' | 'cleared' | 'between'
  dataKey: string | null
}

/** Everything but `since`, which `settle` derives from whether the state changed. */
type Next = Omit<AlertMemory, 'since'>

const settle = (memory: AlertMemory, next: Next, at: string, notify: Transition['notify'] = null): StepResult => {
  if (next.state === memory.state) return { memory: { ...next, since: memory.since }, transition: null }
  return { memory: { ...next, since: at }, transition: { from: memory.state, to: next.state, at, notify } }
}

/** Entering 'nodata' or 'error' forgets pending progress (it resumes as from normal) but keeps an open episode. */
const interrupt = (memory: AlertMemory, state: 'nodata' | 'error', at: string): StepResult =>
  settle(memory, { ...memory, state, pendingSince: null, pendingPeriods: 0, recoveringSince: null }, at)

const elapsed = (at: string, from: string | null, fallback: string): number =>
  instantMs(at) - instantMs(from ?? fallback, 'stored instant')

const advance = (memory: AlertMemory, signal: Signal, at: string, timing: AlertTiming): StepResult => {
  // Only a dataKey other than the last one evaluated is a new period; a no-data signal never is.
  const fresh = signal.dataKey !== null && signal.dataKey !== memory.lastDataKey
  const base: Next = {
    ...memory,
    lastDataKey: signal.dataKey ?? memory.lastDataKey,
    pendingSince: null,
    pendingPeriods: 0,
    recoveringSince: null,
  }
  const normal: Next = { ...base, state: 'normal' }
  const firing: Next = { ...base, state: 'firing' }
  const resolved: Next = { ...base, state: 'normal', firingSince: null }
  const open = (pending: Next): StepResult => {
    const heldLongEnough = timing.forMs <= 0 || elapsed(at, pending.pendingSince, at) >= timing.forMs
    // The evaluation that enters pending is the first period, so forPeriods 1 gates nothing beyond 0.
    const heldForPeriods = timing.forPeriods <= 1 || pending.pendingPeriods >= timing.forPeriods
    if (!(heldLongEnough && heldForPeriods)) return settle(memory, pending, at)
    return settle(memory, { ...base, state: 'firing', episode: memory.episode + 1, firingSince: at }, at, 'firing')
  }

  // After an interruption the episode, if one is open, carries on as firing; otherwise it starts over as normal.
  const from =
    memory.state === 'nodata' || memory.state === 'error'
      ? memory.firingSince === null
        ? 'normal'
        : 'firing'
      : memory.state

  switch (from) {
    case 'normal':
      if (signal.kind !== 'met') return settle(memory, normal, at)
      // The entering evaluation counts as the first period whenever it carries data: the condition did not
      // hold for it before. Repeats of its key then add nothing (see 'pending').
      return open({ ...base, state: 'pending', pendingSince: at, pendingPeriods: signal.dataKey === null ? 0 : 1 })
    case 'pending':
      // Inside the band is not yet an alert, so it cancels the wait silently: no notification while pending.
      if (signal.kind !== 'met') return settle(memory, normal, at)
      return open({
        ...base,
        state: 'pending',
        pendingSince: memory.pendingSince ?? memory.since,
        pendingPeriods: memory.pendingPeriods + (fresh ? 1 : 0),
      })
    case 'firing':
      // Hysteresis: a value wobbling inside the band keeps firing; only a clear recovery ends the episode.
      if (signal.kind !== 'cleared') return settle(memory, firing, at)
      if (timing.keepFiringMs > 0) return settle(memory, { ...base, state: 'recovering', recoveringSince: at }, at)
      return settle(memory, resolved, at, 'resolved')
    case 'recovering':
      // The same episode resumes: the manager was never told it ended, so nothing new to announce.
      if (signal.kind === 'met') return settle(memory, firing, at)
      if (elapsed(at, memory.recoveringSince, memory.since) >= timing.keepFiringMs)
        return settle(memory, resolved, at, 'resolved')
      return settle(
        memory,
        { ...base, state: 'recovering', recoveringSince: memory.recoveringSince ?? memory.since },
        at,
      )
  }
}

/**
 * One evaluation. Decisions beyond the diagram:
 * - error → 'error' from any state, no notification. Missing data under policy 'nodata' → 'nodata', no
 *   notification either, even from firing: a report that has not arrived is not a recovery, and saying
 *   "resolved" would be false (the missing-report rule is the one that speaks about late reports).
 * - The next evaluation after 'error'/'nodata' resumes as from normal, with pending progress forgotten;
 *   but if an episode was open it resumes as from firing (keep-firing window restarted), so the episode is
 *   neither announced twice nor left without its 'resolved'.
 * - Policy 'keep' leaves memory exactly as it was (a pending or recovering timer keeps running and is
 *   judged at the next evaluation with data). 'ok' and 'alerting' read missing data as cleared and as met,
 *   but never as a new period: forMs can elapse on missing data, forPeriods (≥ 2) cannot.
 * - A `now` earlier than the memory's `since` (clock skew between workers) is taken as `since`, so state
 *   times never run backwards.
 */
export const step = (memory: AlertMemory, ev: Evaluation, now: string, timing: AlertTiming): StepResult => {
  assertTiming(timing)
  const at = canonicalInstant(Math.max(instantMs(now, 'now'), instantMs(memory.since, 'memory.since')))
  if (ev.kind === 'error') return interrupt(memory, 'error', at)
  if (ev.kind !== 'nodata') return advance(memory, ev, at, timing)
  switch (timing.noData) {
    case 'keep':
      return { memory, transition: null }
    case 'nodata':
      return interrupt(memory, 'nodata', at)
    case 'ok':
      return advance(memory, { kind: 'cleared', dataKey: null }, at, timing)
    case 'alerting':
      return advance(memory, { kind: 'met', dataKey: null }, at, timing)
  }
}
