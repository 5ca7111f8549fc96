/**
 * An ISO 8601 instant with a time and an explicit offset ('Z' or ±hh:mm). A bare date or a local time
 * would be read in the host's time zone, and a worker in UTC would then disagree with one in Shanghai.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/

/** Milliseconds since the epoch; throws rather than guessing, because a NaN time would silently stop every timer. */
export const instantMs = (instant: string, what = 'instant'): number => {
  const ms = ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw new RangeError(
      `${what} is not an ISO instant with an offset (e.g. 2025-03-01T08:00:00Z): ${JSON.stringify(instant)}`,
    )
  }
  return ms
}

/** One spelling per instant (UTC, milliseconds), so stored instants compare correctly as strings too. */
export const canonicalInstant = (ms: number): string => new Date(ms).toISOString()
