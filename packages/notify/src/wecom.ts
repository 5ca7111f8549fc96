import type { AlertMessage } from './alert-message.js'
import { delivered, type DeliveryResult } from './delivery-result.js'
import { postJson, type HttpOptions } from './http-post.js'
import { renderMarkdown } from './render-markdown.js'
import { interpretRobotReply } from './robot-reply.js'
import { truncateUtf8 } from './utf8-limit.js'

export interface WecomMarkdownPayload {
  msgtype: 'markdown'
  markdown: { content: string }
}

export interface WecomTextPayload {
  msgtype: 'text'
  text: { content: string; mentioned_mobile_list: string[] }
}

export const wecomMarkdownPayload = (m: AlertMessage): WecomMarkdownPayload => ({
  msgtype: 'markdown',
  markdown: { content: renderMarkdown(m, 'wecom') },
})

/**
 * WeCom markdown cannot @ anyone by mobile (only <@userid>, and the cockpit knows mobiles), while the text
 * message can (mentioned_mobile_list). So a message with mentions goes out as the formatted markdown followed
 * by a short text message that @s the people; text content is capped at 2048 bytes.
 */
export const wecomMentionPayload = (m: AlertMessage): WecomTextPayload | null => {
  const mobiles = m.mentions?.mobiles ?? []
  if (mobiles.length === 0) return null
  return {
    msgtype: 'text',
    text: {
      content: truncateUtf8(`请及时关注并处理:${m.title.replace(/\s+/g, ' ').trim()}`, 2048),
      mentioned_mobile_list: [...mobiles],
    },
  }
}

const post = async (
  url: string,
  payload: WecomMarkdownPayload | WecomTextPayload,
  http: HttpOptions,
): Promise<DeliveryResult> => {
  const outcome = await postJson(url, JSON.stringify(payload), {}, http)
  if (outcome.kind === 'failure') return outcome.result
  return interpretRobotReply('wecom', outcome.status, outcome.body)
}

/**
 * The markdown message decides the result. When it went through but the mention message did not, the
 * delivery still counts as done (with the reason in `detail`): retrying would post the alert to the group a
 * second time, which is worse than a missing @.
 */
export const sendWecom = async (
  config: { url: string },
  m: AlertMessage,
  http: HttpOptions,
): Promise<DeliveryResult> => {
  const main = await post(config.url, wecomMarkdownPayload(m), http)
  if (!main.ok) return main
  const mention = wecomMentionPayload(m)
  if (!mention) return main
  const followUp = await post(config.url, mention, http)
  return followUp.ok
    ? delivered('企业微信机器人已接收(含@提醒)')
    : delivered(`企业微信机器人已接收,但@提醒消息发送失败:${followUp.error}`)
}
