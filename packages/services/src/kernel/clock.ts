/**
 * The product's notion of "now". Production uses the wall clock; the demo (and soak tests) run a
 * simulated calendar that starts at a chosen instant and runs `speed` times faster, so a plan's months
 * pass in minutes and 序时进度, due dates and statuses move as they would over a year.
 */
export interface Clock {
  now(): Date
  /** Simulated milliseconds per real millisecond (1 = real time). */
  speed: number
  simulated: boolean
}

/** A clock that may be created held at its start instant, and released once (a no-op when running). */
export interface HoldableClock extends Clock {
  release(): void
  readonly held: boolean
}

/**
 * `held` keeps a simulated calendar at its start until `release()`: a fresh demo waits at its first
 * instant while its history is imported, so that history does not fall due (and late) meanwhile.
 */
export function createClock(
  opts: { start?: Date; speed?: number; realNow?: () => number; held?: boolean } = {},
): HoldableClock {
  const realNow = opts.realNow ?? Date.now
  if (!opts.start) return { now: () => new Date(realNow()), speed: 1, simulated: false, release() {}, held: false }
  const startSim = opts.start.getTime()
  const speed = opts.speed ?? 1
  let startReal: number | null = opts.held ? null : realNow()
  return {
    now: () => new Date(startReal === null ? startSim : startSim + (realNow() - startReal) * speed),
    speed,
    simulated: true,
    release() {
      if (startReal === null) startReal = realNow()
    },
    get held() {
      return startReal === null
    },
  }
}
