import { failed, type DeliveryResult } from './delivery-result.js'
import { outboundRefusal } from './outbound/guarded-fetch.js'

export interface HttpOptions {
  timeoutMs: number
  /** The outbound-guarded fetch (guardedFetch) in production. */
  fetch: (input: string, init?: RequestInit) => Promise<Response>
}

export type HttpOutcome =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'failure'; result: DeliveryResult }

/**
 * One text for every transport failure (refused, reset, unreachable, timed out): telling them apart
 * would let whoever configures a channel probe which ports are open wherever the server can reach.
 */
export const UNREACHABLE = '无法连接接收地址,或对方未在限定时间内响应'

/**
 * POSTs a body and reads the answer within one deadline through the outbound guard (opts.fetch). Transport
 * failures become retryable results; an address the policy refuses is a permanent one. The target's URL never
 * appears in a message (robot URLs carry their access token), nor does anything the other side sent.
 */
export const postJson = async (
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: HttpOptions,
): Promise<HttpOutcome> => {
  const signal = AbortSignal.timeout(opts.timeoutMs)
  try {
    const response = await opts.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal,
      // A redirected POST turns into a GET on most hops and would drop the signed body; report it instead.
      redirect: 'manual',
    })
    const text = await response.text()
    return { kind: 'response', status: response.status, body: text }
  } catch (error) {
    const refused = outboundRefusal(error)
    if (refused) return { kind: 'failure', result: failed(false, refused.message) }
    return { kind: 'failure', result: failed(true, UNREACHABLE) }
  }
}

/**
 * The HTTP-level verdict shared by every HTTP channel: 2xx passes on to the channel's own check; 5xx and 429
 * may pass on a later try; other codes (4xx, an unfollowed 3xx) need someone to fix the configuration.
 */
export const httpStatusFailure = (status: number): DeliveryResult | null => {
  if (status >= 200 && status < 300) return null
  const retryable = status >= 500 || status === 429
  const hint = status >= 300 && status < 400 ? '(地址发生重定向,请填写最终地址)' : ''
  return failed(retryable, `接收地址返回 HTTP ${status}${hint}`)
}
