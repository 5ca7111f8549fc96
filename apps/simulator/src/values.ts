import { addDays, daysBetween, expectedValue, type IsoDate, type Period } from '@cockpit/domain'
import { toMeasure } from './measure.js'
import type { PathModel } from './path-model.js'
import type { Profile } from './profiles.js'
import { unitHash } from './random.js'

/** Period-to-period wobble, as a fraction of the span: small enough to keep a profile in its status band. */
export const NOISE_SHARE = 0.01

/**
 * The value on date for a profile, before rounding: the plan's path (run faster for early achievers),
 * plus the profile's offset as it develops, plus noise in [-1, 1] scaled to NOISE_SHARE of the span.
 * Offsets are "better" when positive, so they are subtracted for lower-is-better indicators.
 */
export function rawValue(model: PathModel, profile: Profile, date: IsoDate, noise: number): number {
  const origin = model.spec.baseline?.date ?? model.rampStart
  const elapsed = daysBetween(origin, date)
  const pathDate = profile.speedUp > 1 && elapsed > 0 ? addDays(origin, Math.round(elapsed * profile.speedUp)) : date
  const onPath = expectedValue(model.spec, pathDate) ?? 0
  const ramp = Math.min(1, Math.max(0, daysBetween(model.rampStart, date) / model.rampDays))
  // An early achiever that has reached its target should stay achieved, so its noise only helps.
  const wobble = profile.kind === 'early' ? Math.abs(noise) : noise
  const sign = model.direction === 'higher' ? 1 : -1
  return onPath + sign * (profile.offset * ramp + NOISE_SHARE * wobble) * model.span
}

/** The value reported for a period: deterministic in (seed, indicator, period), within the measure's bounds. */
export function periodValue(
  model: PathModel,
  profile: Profile,
  seed: number,
  indicatorId: number,
  period: Pick<Period, 'key' | 'end'>,
): number {
  const noise = 2 * unitHash(seed, 'noise', indicatorId, period.key) - 1
  return toMeasure(rawValue(model, profile, period.end, noise), model.measure)
}
