import { createHmac } from 'node:crypto'
import type { AlertMessage } from './alert-message.js'
import type { DeliveryResult } from './delivery-result.js'
import { postJson, type HttpOptions } from './http-post.js'
import { renderMarkdown } from './render-markdown.js'
import { interpretRobotReply } from './robot-reply.js'
import { truncateUtf8 } from './utf8-limit.js'

/**
 * DingTalk's 加签: sign = urlEncode(base64(HMAC-SHA256(key = secret, timestampMs + "\n" + secret))), sent as
 * &timestamp=…&sign=… on the robot URL. DingTalk rejects timestamps more than an hour off its clock.
 * URLSearchParams encodes "+", "/" and "=" as %2B, %2F, %3D, which is what DingTalk expects; any
 * timestamp/sign already on the URL (a pasted signed URL) is replaced rather than duplicated.
 */
export const dingtalkSignedUrl = (url: string, secret: string, timestampMs: number): string => {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64')
  const signed = new URL(url)
  signed.searchParams.set('timestamp', String(timestampMs))
  signed.searchParams.set('sign', sign)
  return signed.toString()
}

export interface DingtalkMarkdownPayload {
  msgtype: 'markdown'
  markdown: { title: string; text: string }
  at: { atMobiles: string[]; isAtAll: boolean }
}

/**
 * The markdown message. `title` is what the conversation list and the push notification show, so it is the
 * alert title in plain text. Mentions need both at.atMobiles and "@mobile" in the text, which
 * renderMarkdown adds.
 */
export const dingtalkPayload = (m: AlertMessage): DingtalkMarkdownPayload => ({
  msgtype: 'markdown',
  markdown: { title: truncateUtf8(m.title.replace(/\s+/g, ' ').trim(), 256), text: renderMarkdown(m, 'dingtalk') },
  at: { atMobiles: [...(m.mentions?.mobiles ?? [])], isAtAll: false },
})

export const sendDingtalk = async (
  config: { url: string; secret?: string },
  m: AlertMessage,
  now: Date,
  http: HttpOptions,
): Promise<DeliveryResult> => {
  const url = config.secret ? dingtalkSignedUrl(config.url, config.secret, now.getTime()) : config.url
  const outcome = await postJson(url, JSON.stringify(dingtalkPayload(m)), {}, http)
  if (outcome.kind === 'failure') return outcome.result
  return interpretRobotReply('dingtalk', outcome.status, outcome.body)
}
