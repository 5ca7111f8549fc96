import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { dingtalkPayload, dingtalkSignedUrl } from './dingtalk.js'
import { firingMessage } from './test-fixtures.js'

const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd'
const base = 'https://oapi.dingtalk.com/robot/send?access_token=abc123'

describe('dingtalkSignedUrl', () => {
  it('matches a vector computed with the Python sample from the DingTalk docs (hmac, base64, quote_plus)', () => {
    // python3: quote_plus(b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest())) for ts=1700000000015
    expect(dingtalkSignedUrl(base, secret, 1_700_000_000_015)).toBe(
      `${base}&timestamp=1700000000015&sign=WkhwWv%2Fd9lDN%2BiQSL1g%2Bx4dWEUFe%2F9%2BW28zhERrfbFU%3D`,
    )
  })

  it('matches HMAC-SHA256 computed independently with node:crypto', () => {
    const timestamp = 1_719_727_500_000
    const expected = encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'))
    const url = new URL(dingtalkSignedUrl(base, secret, timestamp))
    expect(url.searchParams.get('access_token')).toBe('abc123')
    expect(url.searchParams.get('timestamp')).toBe(String(timestamp))
    expect(encodeURIComponent(url.searchParams.get('sign') ?? '')).toBe(expected)
    expect(url.toString().endsWith(`&sign=${expected}`)).toBe(true)
  })

  it('replaces a timestamp and sign already on the URL instead of adding a second pair', () => {
    const url = new URL(dingtalkSignedUrl(`${base}&timestamp=1&sign=old`, secret, 1_700_000_000_015))
    expect(url.searchParams.getAll('timestamp')).toEqual(['1700000000015'])
    expect(url.searchParams.getAll('sign')).toHaveLength(1)
  })
})

describe('dingtalkPayload', () => {
  it('is a markdown message with title, text and at', () => {
    const payload = dingtalkPayload(firingMessage({ mentions: { mobiles: ['13800000000'] } }))
    expect(payload.msgtype).toBe('markdown')
    expect(payload.markdown.title).toBe('【严重】南昌市 政务服务电子证照用证率 低于序时进度')
    expect(payload.markdown.text).toContain('@13800000000')
    expect(payload.at).toEqual({ atMobiles: ['13800000000'], isAtAll: false })
  })
  it('mentions nobody without mentions', () => {
    expect(dingtalkPayload(firingMessage()).at).toEqual({ atMobiles: [], isAtAll: false })
  })
})
