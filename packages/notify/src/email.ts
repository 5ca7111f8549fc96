import { createTransport } from 'nodemailer'
import type { AlertMessage } from './alert-message.js'
import { senderAddress } from './channel-config.js'
import { delivered, failed, type DeliveryResult } from './delivery-result.js'
import { renderEmail } from './render-email.js'

export interface SmtpConfig {
  host: string
  port: number
  secure: boolean
  user?: string
  pass?: string
  from: string
}

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex')

/**
 * "<notify.ID@sender-domain>": the same notification always gets the same Message-ID, so a mail system or
 * archive that saw it already can drop a retried copy. Ids that are not a valid dot-atom are hex-encoded
 * under a different prefix, so the two forms cannot collide.
 */
export const emailMessageId = (notificationId: string, from: string): string => {
  const address = senderAddress(from)
  const domain = address?.split('@')[1]?.toLowerCase() ?? 'cockpit.invalid'
  const local = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(notificationId)
    ? `notify.${notificationId}`
    : `notify-hex.${hex(notificationId)}`
  return `<${local}@${domain}>`
}

interface SmtpError {
  code?: string
  responseCode?: number
  response?: string
  message: string
}

const asSmtpError = (error: unknown): SmtpError => {
  if (!(error instanceof Error)) return { message: String(error) }
  const fields = error as Error & { code?: unknown; responseCode?: unknown; response?: unknown }
  return {
    message: error.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.responseCode === 'number' ? { responseCode: fields.responseCode } : {}),
    ...(typeof fields.response === 'string' ? { response: fields.response } : {}),
  }
}

// Failures that are about this configuration or message, not about the moment: retrying cannot fix them.
const permanentCodes = new Set([
  'EAUTH',
  'ENOAUTH',
  'EENVELOPE',
  'ECONFIG',
  'EMESSAGE',
  'EMAXRECIPIENTS',
  'EREQUIRETLS',
  'EOAUTH2',
])

/**
 * SMTP's own rule decides when the server replied: 4yz is transient, 5yz permanent, except 503 (bad
 * sequence of commands), which is about the session and passes on a new connection. Without a reply the
 * connection failed (refused, timed out, TLS, DNS) and a later try may succeed, unless the error code says
 * the configuration or the message itself is at fault.
 */
export const smtpFailure = (error: unknown): DeliveryResult => {
  const e = asSmtpError(error)
  const detail = e.response ?? e.message
  if (e.responseCode !== undefined) {
    const retryable = e.responseCode < 500 || e.responseCode === 503
    return failed(retryable, `SMTP ${e.responseCode}:${detail}`)
  }
  const retryable = e.code === undefined || !permanentCodes.has(e.code)
  return failed(retryable, `SMTP ${e.code ?? '错误'}:${detail}`)
}

/**
 * Sends through the configured SMTP server over one short-lived connection. Every nodemailer timeout is set
 * to timeoutMs, and an overall deadline covers a server that trickles bytes forever.
 */
export const sendEmail = async (
  config: { to: string[]; smtp: SmtpConfig },
  m: AlertMessage,
  now: Date,
  timeoutMs: number,
): Promise<DeliveryResult> => {
  const { smtp } = config
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && smtp.pass !== undefined ? { auth: { user: smtp.user, pass: smtp.pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  const rendered = renderEmail(m)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<DeliveryResult>((resolve) => {
    timer = setTimeout(() => resolve(failed(true, `SMTP 发送超时(${timeoutMs} 毫秒内未完成)`)), timeoutMs)
  })
  const send = transport
    .sendMail({
      from: smtp.from,
      to: config.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: emailMessageId(m.notificationId, smtp.from),
      date: now,
      headers: {
        'X-Cockpit-Notification-Id': m.notificationId,
        // RFC 3834: tells vacation responders not to answer an automatic message.
        'Auto-Submitted': 'auto-generated',
      },
    })
    .then((info): DeliveryResult => {
      const rejected = info.rejected ?? []
      return delivered(
        rejected.length > 0 ? `已发送,以下收件人被拒收:${rejected.join(', ')}` : `已发送 ${info.messageId}`,
      )
    }, smtpFailure)
  try {
    return await Promise.race([send, deadline])
  } finally {
    clearTimeout(timer)
    transport.close()
  }
}
