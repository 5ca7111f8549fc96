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

export function createClock(opts: { start?: Date; speed?: number; realNow?: () => number } = {}): Clock {
  const realNow = opts.realNow ?? Date.now
  if (!opts.start) return { now: () => new Date(realNow()), speed: 1, simulated: false }
  const startReal = realNow()
  const startSim = opts.start.getTime()
  const speed = opts.speed ?? 1
  return { now: () => new Date(startSim + (realNow() - startReal) * speed), speed, simulated: true }
}
