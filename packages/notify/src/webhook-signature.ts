import { createHmac, timingSafeEqual } from 'node:crypto'

/** "sha256=" + hex HMAC-SHA256 of `${timestamp}.${body}`; signing the timestamp too stops replays of old bodies. */
export const webhookSignature = (secret: string, timestamp: number | string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`

/**
 * For receivers (and tests): true when `signature` is the X-Cockpit-Signature of `body` sent at `timestamp`
 * (X-Cockpit-Timestamp, unix seconds) and that timestamp is within toleranceSec of `now`. `body` must be the
 * raw request body exactly as received, not re-serialised JSON. The comparison is constant-time so the
 * signature cannot be guessed byte by byte from response timings.
 */
export const verifyWebhookSignature = (
  secret: string,
  timestamp: string | number,
  body: string,
  signature: string,
  toleranceSec: number,
  now: Date,
): boolean => {
  const text = String(timestamp).trim()
  if (!/^\d{1,12}$/.test(text)) return false
  const seconds = Number(text)
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSec) return false
  const expected = Buffer.from(webhookSignature(secret, text, body), 'utf8')
  const given = Buffer.from(signature.trim(), 'utf8')
  // timingSafeEqual throws on unequal lengths; a length mismatch reveals nothing secret.
  return expected.length === given.length && timingSafeEqual(expected, given)
}
