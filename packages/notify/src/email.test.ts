import { describe, expect, it } from 'vitest'
import { emailMessageId, smtpFailure } from './email.js'

const smtpError = (fields: { code?: string; responseCode?: number; response?: string }): Error =>
  Object.assign(new Error(fields.response ?? 'failed'), fields)

describe('emailMessageId', () => {
  it('derives a stable id from the notification id and the sender domain', () => {
    expect(emailMessageId('ntf-20250630-0001', '驾驶舱 <alert@Example.CN>')).toBe(
      '<notify.ntf-20250630-0001@example.cn>',
    )
    expect(emailMessageId('ntf-20250630-0001', '驾驶舱 <alert@Example.CN>')).toBe(
      emailMessageId('ntf-20250630-0001', 'alert@example.cn'),
    )
  })
  it('hex-encodes ids that are not a valid dot-atom', () => {
    expect(emailMessageId('告警 1', 'alert@example.cn')).toBe(
      `<notify-hex.${Buffer.from('告警 1').toString('hex')}@example.cn>`,
    )
    expect(emailMessageId('a..b', 'alert@example.cn')).toBe(
      `<notify-hex.${Buffer.from('a..b').toString('hex')}@example.cn>`,
    )
  })
})

describe('smtpFailure', () => {
  it('follows the SMTP reply class: 4xx transient, 5xx permanent, 503 transient', () => {
    expect(smtpFailure(smtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 try later' }))).toMatchObject({
      retryable: true,
    })
    expect(
      smtpFailure(smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 no such user' })),
    ).toMatchObject({ retryable: false })
    expect(smtpFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad credentials' }))).toMatchObject(
      { retryable: false },
    )
    expect(smtpFailure(smtpError({ code: 'EPROTOCOL', responseCode: 503 }))).toMatchObject({ retryable: true })
  })
  it('retries connection failures and not configuration errors', () => {
    expect(smtpFailure(smtpError({ code: 'ESOCKET' }))).toMatchObject({ retryable: true })
    expect(smtpFailure(smtpError({ code: 'ETIMEDOUT' }))).toMatchObject({ retryable: true })
    expect(smtpFailure(smtpError({ code: 'ECONNECTION' }))).toMatchObject({ retryable: true })
    expect(smtpFailure(smtpError({ code: 'ENOAUTH' }))).toMatchObject({ retryable: false })
    expect(smtpFailure(smtpError({ code: 'ECONFIG' }))).toMatchObject({ retryable: false })
  })
})
