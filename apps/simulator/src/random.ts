/**
 * Deterministic "randomness": every draw is a hash of the seed and what it is for (an indicator, a
 * period, a department), not a step of a shared generator. So a value never depends on the order in
 * which things were generated, and a restarted simulator regenerates exactly what it sent before,
 * which the API then recognises as unchanged instead of storing a new revision.
 */
export function unitHash(seed: number, ...parts: (string | number)[]): number {
  const text = `${seed}|${parts.join('|')}`
  // FNV-1a over UTF-16 code units, then murmur3's finaliser so nearby inputs land far apart.
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 0x1_0000_0000
}

/** Maps a draw in [0, 1) onto [lo, hi). */
export const between = (u: number, lo: number, hi: number): number => lo + (hi - lo) * u
