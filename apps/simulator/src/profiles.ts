import { between, unitHash } from './random.js'

/**
 * How an indicator moves relative to its plan's path (序时进度). 'behind' lands in the at-risk band and
 * 'far-behind' in the off-track band of the domain's default tolerances (5% / 15% of the span).
 */
export type ProfileKind = 'on-path' | 'ahead' | 'behind' | 'far-behind' | 'early'

export interface Profile {
  kind: ProfileKind
  /** Distance from the path once fully developed, as a fraction of the path's span; positive is better. */
  offset: number
  /** How much faster than planned time runs for this indicator (> 1 only for 'early'). */
  speedUp: number
}

// Cumulative shares: ~40% on path, ~25% ahead, ~25% behind (half at risk, half off track), ~10% early.
const BANDS: ReadonlyArray<readonly [number, ProfileKind]> = [
  [0.4, 'on-path'],
  [0.65, 'ahead'],
  [0.775, 'behind'],
  [0.9, 'far-behind'],
  [1, 'early'],
]

// Offset ranges chosen inside the status bands, with room for ±1% noise and rounding.
const OFFSETS: Record<ProfileKind, readonly [number, number]> = {
  'on-path': [-0.02, 0.03],
  ahead: [0.06, 0.18],
  behind: [-0.13, -0.07],
  'far-behind': [-0.35, -0.2],
  early: [0.02, 0.05],
}

/** The indicator's profile, fixed by the seed and the indicator alone. */
export function profileFor(seed: number, indicatorId: number): Profile {
  const u = unitHash(seed, 'profile', indicatorId)
  const kind = BANDS.find(([upTo]) => u < upTo)?.[1] ?? 'on-path'
  const [lo, hi] = OFFSETS[kind]
  const offset = between(unitHash(seed, 'offset', indicatorId), lo, hi)
  const speedUp = kind === 'early' ? between(unitHash(seed, 'speed', indicatorId), 1.4, 1.8) : 1
  return { kind, offset, speedUp }
}
