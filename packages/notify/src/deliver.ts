import type { AlertMessage } from './alert-message.js'
import { ChannelConfigSchema, type ChannelConfig } from './channel-config.js'
import { sendDingtalk } from './dingtalk.js'
import { failed, type DeliveryResult } from './delivery-result.js'
import { sendEmail } from './email.js'
import type { HttpOptions } from './http-post.js'
import { guardedFetch, type FetchLike } from './outbound/guarded-fetch.js'
import { PUBLIC_ONLY, type OutboundPolicy } from './outbound/policy.js'
import { sendWebhook } from './webhook.js'
import { sendWecom } from './wecom.js'

export interface DeliverOptions {
  /** Whole-attempt deadline per request; default 10 s. */
  timeoutMs?: number
  /** Clock for signatures and the e-mail Date header. */
  now?: () => Date
  /** Where HTTP channels may send (default: public addresses only). */
  outbound?: OutboundPolicy
  /** Replaces the guarded fetch (tests of a channel's wire format); the policy is then not applied. */
  fetch?: FetchLike
}

export const DEFAULT_TIMEOUT_MS = 10_000

/**
 * Sends one message over one channel and says how it went; it never throws, so a queue worker can record
 * the result and decide on a retry from `retryable` alone. The configuration is validated again here because
 * it comes from the database as loose JSON: a bad one is a permanent failure, not a crash.
 */
export const deliver = async (
  config: ChannelConfig,
  m: AlertMessage,
  opts: DeliverOptions = {},
): Promise<DeliveryResult> => {
  try {
    const parsed = ChannelConfigSchema.safeParse(config)
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((issue) =>
        issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      )
      return failed(false, `渠道配置无效:${reasons.join(';')}`)
    }
    const channel = parsed.data
    const now = (opts.now ?? (() => new Date()))()
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const http: HttpOptions = { timeoutMs, fetch: opts.fetch ?? guardedFetch(opts.outbound ?? PUBLIC_ONLY) }
    switch (channel.kind) {
      case 'email':
        return await sendEmail(channel, m, now, timeoutMs)
      case 'dingtalk':
        return await sendDingtalk(channel, m, now, http)
      case 'wecom':
        return await sendWecom(channel, m, http)
      case 'webhook':
        return await sendWebhook(channel, m, now, http)
    }
  } catch (error) {
    // Reaching here is a bug (a renderer choking on odd input, say); retrying the same input would hit it again.
    return failed(false, `发送时发生内部错误:${error instanceof Error ? error.message : String(error)}`)
  }
}
