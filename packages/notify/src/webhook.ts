import type { AlertMessage } from './alert-message.js'
import { delivered, type DeliveryResult } from './delivery-result.js'
import { httpStatusFailure, postJson, type HttpOptions } from './http-post.js'
import { renderText } from './render-text.js'
import { webhookSignature } from './webhook-signature.js'

/** What a generic webhook receives: the structured message plus ready-to-show text. */
export interface WebhookPayload {
  id: string
  event: string
  kind: AlertMessage['kind']
  severity: AlertMessage['severity']
  title: string
  occurredAt: string
  items: AlertMessage['items']
  mentions: { mobiles: string[] }
  text: string
}

export const webhookEvent = (m: AlertMessage): string => `alert.${m.kind}`

/**
 * Header values must be visible ASCII; an id outside that (unlikely, but ids are strings) is percent-encoded
 * rather than left to make fetch throw on every retry. The body's `id` keeps the original.
 */
export const idempotencyKey = (notificationId: string): string =>
  /^[\x21-\x7e]+$/.test(notificationId) ? notificationId : encodeURIComponent(notificationId)

export const webhookPayload = (m: AlertMessage): WebhookPayload => ({
  id: m.notificationId,
  event: webhookEvent(m),
  kind: m.kind,
  severity: m.severity,
  title: m.title,
  occurredAt: m.occurredAt,
  items: m.items,
  mentions: { mobiles: [...(m.mentions?.mobiles ?? [])] },
  text: renderText(m),
})

/**
 * Headers: X-Cockpit-Timestamp (unix seconds), X-Cockpit-Signature (see webhookSignature, over the exact bytes
 * sent), X-Cockpit-Event, and Idempotency-Key = the notification id, the same on every retry, so a receiver
 * can drop the duplicates that at-least-once delivery produces.
 */
export const webhookRequest = (
  secret: string,
  m: AlertMessage,
  now: Date,
): { body: string; headers: Record<string, string> } => {
  const body = JSON.stringify(webhookPayload(m))
  const timestamp = Math.floor(now.getTime() / 1000)
  return {
    body,
    headers: {
      'x-cockpit-timestamp': String(timestamp),
      'x-cockpit-signature': webhookSignature(secret, timestamp, body),
      'x-cockpit-event': webhookEvent(m),
      'idempotency-key': idempotencyKey(m.notificationId),
    },
  }
}

export const sendWebhook = async (
  config: { url: string; secret: string },
  m: AlertMessage,
  now: Date,
  http: HttpOptions,
): Promise<DeliveryResult> => {
  const { body, headers } = webhookRequest(config.secret, m, now)
  const outcome = await postJson(config.url, body, headers, http)
  if (outcome.kind === 'failure') return outcome.result
  return httpStatusFailure(outcome.status) ?? delivered(`HTTP ${outcome.status}`)
}
