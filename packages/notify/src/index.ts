export type { AlertItem, AlertKind, AlertMessage, AlertSeverity } from './alert-message.js'
export { ChannelConfigSchema, type ChannelConfig } from './channel-config.js'
export { DEFAULT_TIMEOUT_MS, deliver, type DeliverOptions } from './deliver.js'
export type { DeliveryResult } from './delivery-result.js'
export { dingtalkPayload, dingtalkSignedUrl, type DingtalkMarkdownPayload } from './dingtalk.js'
export { emailMessageId } from './email.js'
export { MISSING, formatGap, formatNumber, formatQuantity, kindLabels, severityLabels } from './format.js'
export { renderEmail, type RenderedEmail } from './render-email.js'
export { markdownByteLimits, renderMarkdown, type MarkdownFlavour } from './render-markdown.js'
export { renderText } from './render-text.js'
export { verifyWebhookSignature, webhookSignature } from './webhook-signature.js'
export { webhookPayload, webhookRequest, type WebhookPayload } from './webhook.js'
export { wecomMarkdownPayload, wecomMentionPayload, type WecomMarkdownPayload, type WecomTextPayload } from './wecom.js'
export {
  addressAllowed,
  checkOutboundUrl,
  guardedFetch,
  OutboundRefused,
  outboundRefusal,
  parseOutboundAllow,
  PUBLIC_ONLY,
  type FetchLike,
  type OutboundPolicy,
} from './outbound/index.js'
