import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js'

const secret = 'whsec-0123456789abcdef'
const body = '{"id":"ntf-1","title":"【严重】南昌市"}'
const now = new Date('2025-06-30T06:05:00Z')
const ts = Math.floor(now.getTime() / 1000)

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC of "timestamp.body"', () => {
    const hex = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')
    expect(webhookSignature(secret, ts, body)).toBe(`sha256=${hex}`)
  })

  it('verifies a fresh, untouched signature', () => {
    expect(verifyWebhookSignature(secret, String(ts), body, webhookSignature(secret, ts, body), 300, now)).toBe(true)
  })

  it('rejects a changed body, another secret or a changed timestamp', () => {
    const sig = webhookSignature(secret, ts, body)
    expect(verifyWebhookSignature(secret, ts, `${body} `, sig, 300, now)).toBe(false)
    expect(verifyWebhookSignature('other-secret-0123456', ts, body, sig, 300, now)).toBe(false)
    expect(verifyWebhookSignature(secret, ts + 1, body, sig, 300, now)).toBe(false)
  })

  it('rejects a timestamp outside the tolerance, in either direction', () => {
    const old = ts - 301
    expect(verifyWebhookSignature(secret, old, body, webhookSignature(secret, old, body), 300, now)).toBe(false)
    const future = ts + 301
    expect(verifyWebhookSignature(secret, future, body, webhookSignature(secret, future, body), 300, now)).toBe(false)
    const edge = ts - 300
    expect(verifyWebhookSignature(secret, edge, body, webhookSignature(secret, edge, body), 300, now)).toBe(true)
  })

  it('rejects malformed signatures and timestamps without throwing', () => {
    expect(verifyWebhookSignature(secret, ts, body, 'sha256=abc', 300, now)).toBe(false)
    expect(verifyWebhookSignature(secret, ts, body, '', 300, now)).toBe(false)
    expect(verifyWebhookSignature(secret, 'soon', body, webhookSignature(secret, ts, body), 300, now)).toBe(false)
  })
})
