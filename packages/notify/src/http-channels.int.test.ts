import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ChannelConfig } from './channel-config.js'
import { deliver as deliverAnywhere, type DeliverOptions } from './deliver.js'
import type { AlertMessage } from './alert-message.js'
import { parseOutboundAllow } from './outbound/policy.js'
import { closedPort, startHttpReceiver, type HttpReceiver } from './test-http-receiver.js'
import { firingMessage, lagItem, missingItem } from './test-fixtures.js'
import { verifyWebhookSignature } from './webhook-signature.js'

const now = new Date('2025-06-30T06:05:00.000Z')
const clock = () => now
const dingSecret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd'
const hookSecret = 'whsec-0123456789abcdef'
// The receivers listen on loopback, which only an administrator's allow-list opens (issue #11).
const testNetwork = parseOutboundAllow('127.0.0.1/8')
const deliver = (config: ChannelConfig, m: AlertMessage, opts: DeliverOptions = {}) =>
  deliverAnywhere(config, m, { outbound: testNetwork, ...opts })
const errcode = (code: number, errmsg: string) => ({ status: 200, body: JSON.stringify({ errcode: code, errmsg }) })

let receiver: HttpReceiver
beforeAll(async () => {
  receiver = await startHttpReceiver()
})
afterAll(async () => {
  await receiver.close()
})
beforeEach(() => receiver.reset())

const robotUrl = () => `${receiver.baseUrl}/robot/send?access_token=x`
const only = () => {
  expect(receiver.requests).toHaveLength(1)
  return receiver.requests[0]!
}

describe('DingTalk robot', () => {
  it('POSTs a signed markdown message with mentions to the robot URL', async () => {
    const m = firingMessage({ mentions: { mobiles: ['13800000000'] } })
    const result = await deliver({ kind: 'dingtalk', url: robotUrl(), secret: dingSecret }, m, { now: clock })
    expect(result).toEqual({ ok: true, detail: '钉钉机器人已接收' })

    const req = only()
    expect(req.method).toBe('POST')
    expect(req.path).toBe('/robot/send')
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(req.query.get('access_token')).toBe('x')
    expect(req.query.get('timestamp')).toBe(String(now.getTime()))
    // What DingTalk's server does: recompute the sign from timestamp and secret.
    const expected = createHmac('sha256', dingSecret).update(`${now.getTime()}\n${dingSecret}`).digest('base64')
    expect(req.query.get('sign')).toBe(expected)

    const body = JSON.parse(req.body)
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: { title: m.title, text: expect.stringContaining('- 当前值：72.5%') },
      at: { atMobiles: ['13800000000'], isAtAll: false },
    })
    expect(body.markdown.text).toContain('@13800000000')
  })

  it('sends an unsigned URL untouched when no secret is set', async () => {
    await deliver({ kind: 'dingtalk', url: robotUrl() }, firingMessage(), { now: clock })
    const req = only()
    expect([...req.query.keys()]).toEqual(['access_token'])
  })

  it('fails permanently on errcode 310000 (sign mismatch)', async () => {
    receiver.reply(errcode(310000, 'sign not match'))
    const result = await deliver({ kind: 'dingtalk', url: robotUrl(), secret: dingSecret }, firingMessage(), {
      now: clock,
    })
    expect(result).toMatchObject({ ok: false, retryable: false })
    expect(!result.ok && result.error).toContain('errcode=310000')
  })

  it('asks for a retry on errcode 130101 (rate limit)', async () => {
    receiver.reply(errcode(130101, 'send too fast, exceed 20 times per minute'))
    const result = await deliver({ kind: 'dingtalk', url: robotUrl() }, firingMessage(), { now: clock })
    expect(result).toMatchObject({ ok: false, retryable: true })
  })
})

describe('WeCom robot', () => {
  const wecomUrl = () => `${receiver.baseUrl}/cgi-bin/webhook/send?key=k-1`

  it('POSTs a markdown message', async () => {
    const result = await deliver({ kind: 'wecom', url: wecomUrl() }, firingMessage({ items: [lagItem, missingItem] }), {
      now: clock,
    })
    expect(result.ok).toBe(true)
    const req = only()
    expect(req.path).toBe('/cgi-bin/webhook/send')
    expect(req.query.get('key')).toBe('k-1')
    const body = JSON.parse(req.body)
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype'])
    expect(body.msgtype).toBe('markdown')
    expect(body.markdown.content).toContain(
      '<font color="warning">【严重】南昌市 政务服务电子证照用证率 低于序时进度</font>',
    )
    expect(body.markdown.content).toContain('一网通办事项数＜script＞')
  })

  it('follows the markdown with a text message that mentions by mobile', async () => {
    const m = firingMessage({ mentions: { mobiles: ['13800000000', '13900000000'] } })
    const result = await deliver({ kind: 'wecom', url: wecomUrl() }, m, { now: clock })
    expect(result).toEqual({ ok: true, detail: '企业微信机器人已接收(含@提醒)' })
    expect(receiver.requests).toHaveLength(2)
    expect(JSON.parse(receiver.requests[0]!.body).msgtype).toBe('markdown')
    expect(JSON.parse(receiver.requests[1]!.body)).toEqual({
      msgtype: 'text',
      text: { content: `请及时关注并处理:${m.title}`, mentioned_mobile_list: ['13800000000', '13900000000'] },
    })
  })

  it('counts the alert as delivered when only the mention message fails, so a retry does not post it twice', async () => {
    receiver.reply(errcode(0, 'ok'), errcode(45009, 'api freq out of limit'))
    const result = await deliver(
      { kind: 'wecom', url: wecomUrl() },
      firingMessage({ mentions: { mobiles: ['13800000000'] } }),
      { now: clock },
    )
    expect(result.ok).toBe(true)
    expect(result.ok && result.detail).toContain('@提醒消息发送失败')
  })

  it('asks for a retry on errcode 45009 and skips the mention message', async () => {
    receiver.reply(errcode(45009, 'api freq out of limit'))
    const result = await deliver(
      { kind: 'wecom', url: wecomUrl() },
      firingMessage({ mentions: { mobiles: ['13800000000'] } }),
      { now: clock },
    )
    expect(result).toMatchObject({ ok: false, retryable: true })
    expect(receiver.requests).toHaveLength(1)
  })
})

describe('generic webhook', () => {
  it('POSTs the message with timestamp, signature, event and idempotency headers', async () => {
    const m = firingMessage({ items: [lagItem, missingItem], mentions: { mobiles: ['13800000000'] } })
    const config: ChannelConfig = { kind: 'webhook', url: `${receiver.baseUrl}/hooks/cockpit`, secret: hookSecret }
    receiver.reply({ status: 204, body: '' })
    const result = await deliver(config, m, { now: clock })
    expect(result).toEqual({ ok: true, detail: 'HTTP 204' })

    const req = only()
    expect(req.path).toBe('/hooks/cockpit')
    const timestamp = req.headers['x-cockpit-timestamp']
    const signature = req.headers['x-cockpit-signature']
    expect(timestamp).toBe(String(now.getTime() / 1000))
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(req.headers['x-cockpit-event']).toBe('alert.firing')
    expect(req.headers['idempotency-key']).toBe(m.notificationId)
    expect(verifyWebhookSignature(hookSecret, String(timestamp), req.body, String(signature), 300, now)).toBe(true)
    expect(
      verifyWebhookSignature('another-secret-012345', String(timestamp), req.body, String(signature), 300, now),
    ).toBe(false)

    const body = JSON.parse(req.body)
    expect(body).toMatchObject({
      id: m.notificationId,
      event: 'alert.firing',
      kind: 'firing',
      severity: 'critical',
      title: m.title,
      occurredAt: m.occurredAt,
      items: m.items,
      mentions: { mobiles: ['13800000000'] },
    })
    expect(body.text).toContain('当前值：72.5%')
  })

  it('sends the same Idempotency-Key on a retry', async () => {
    const config: ChannelConfig = { kind: 'webhook', url: `${receiver.baseUrl}/hooks/cockpit`, secret: hookSecret }
    receiver.reply({ status: 503, body: 'busy' })
    const first = await deliver(config, firingMessage(), { now: clock })
    const second = await deliver(config, firingMessage(), { now: () => new Date(now.getTime() + 60_000) })
    expect(first).toMatchObject({ ok: false, retryable: true })
    expect(second.ok).toBe(true)
    const keys = receiver.requests.map((r) => r.headers['idempotency-key'])
    expect(keys).toEqual(['ntf-20250630-0001', 'ntf-20250630-0001'])
  })
})

describe('transport failures', () => {
  const hook = (): ChannelConfig => ({ kind: 'webhook', url: `${receiver.baseUrl}/hooks/x`, secret: hookSecret })

  it('retries HTTP 500 and 429', async () => {
    receiver.reply({ status: 500, body: 'internal error' }, { status: 429, body: '' })
    expect(await deliver(hook(), firingMessage(), { now: clock })).toEqual({
      ok: false,
      retryable: true,
      error: '接收地址返回 HTTP 500',
    })
    expect(await deliver(hook(), firingMessage(), { now: clock })).toMatchObject({ ok: false, retryable: true })
  })

  it('does not retry HTTP 404 or a redirect', async () => {
    receiver.reply({ status: 404, body: 'no such hook' }, { status: 302, body: '' })
    expect(await deliver(hook(), firingMessage(), { now: clock })).toMatchObject({ ok: false, retryable: false })
    expect(await deliver(hook(), firingMessage(), { now: clock })).toMatchObject({ ok: false, retryable: false })
  })

  it('retries HTTP 500 from a robot', async () => {
    receiver.reply({ status: 500, body: '' })
    expect(await deliver({ kind: 'dingtalk', url: robotUrl() }, firingMessage(), { now: clock })).toMatchObject({
      ok: false,
      retryable: true,
    })
  })

  it('fails permanently when a robot URL answers 200 with something that is not a robot reply', async () => {
    receiver.reply({ status: 200, body: '<html>not a robot</html>' })
    expect(await deliver({ kind: 'wecom', url: robotUrl() }, firingMessage(), { now: clock })).toMatchObject({
      ok: false,
      retryable: false,
    })
  })

  it('retries a refused connection, saying no more than a timeout would and without the token-bearing URL', async () => {
    const port = await closedPort()
    for (const config of [
      { kind: 'dingtalk', url: `http://127.0.0.1:${port}/robot/send?access_token=secret-token` },
      { kind: 'wecom', url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=secret-token` },
      { kind: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: hookSecret },
    ] satisfies ChannelConfig[]) {
      const result = await deliver(config, firingMessage(), { now: clock })
      expect(result).toMatchObject({ ok: false, retryable: true })
      expect(result).toEqual({ ok: false, retryable: true, error: '无法连接接收地址,或对方未在限定时间内响应' })
    }
  })

  it('retries when the receiver does not answer before the deadline', async () => {
    receiver.reply('hang')
    const result = await deliver(hook(), firingMessage(), { now: clock, timeoutMs: 300 })
    expect(result).toEqual({ ok: false, retryable: true, error: '无法连接接收地址,或对方未在限定时间内响应' })
  })

  it('refuses loopback, metadata and private addresses without the allow-list, and never retries them', async () => {
    for (const url of [
      `${receiver.baseUrl}/hooks/x`,
      'http://[::1]:4310/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.8/hook',
    ]) {
      const result = await deliverAnywhere({ kind: 'webhook', url, secret: hookSecret }, firingMessage(), {
        now: clock,
      })
      expect(result).toMatchObject({ ok: false, retryable: false })
      expect(!result.ok && result.error).toMatch(
        /^地址「.+」指向本机、内网、链路本地或云平台元数据等受限网段,不允许访问/,
      )
    }
    expect(receiver.requests).toHaveLength(0)
  })
})
