import { describe, expect, it } from 'vitest'
import { ChannelConfigSchema, senderAddress } from './channel-config.js'

const messages = (input: unknown): string[] => {
  const result = ChannelConfigSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => i.message)
}

const smtp = {
  host: 'smtp.example.cn',
  port: 465,
  secure: true,
  user: 'alert',
  pass: 'pw',
  from: '数字政府驾驶舱 <alert@example.cn>',
}

describe('ChannelConfigSchema', () => {
  it('accepts each kind of channel', () => {
    for (const config of [
      { kind: 'email', to: ['a@example.cn'], smtp },
      {
        kind: 'email',
        to: ['a@example.cn'],
        smtp: { host: 'mail', port: 25, secure: false, from: 'alert@example.cn' },
      },
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabc123' },
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
      { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      { kind: 'webhook', url: 'http://127.0.0.1:8080/hook', secret: '0123456789abcdef' },
    ]) {
      expect(messages(config)).toEqual([])
    }
  })

  it('requires http(s) URLs', () => {
    expect(messages({ kind: 'wecom', url: 'ftp://example.cn/x' })).toEqual([
      '企业微信机器人Webhook地址应为以 http:// 或 https:// 开头的网址',
    ])
    expect(messages({ kind: 'webhook', url: 'javascript:alert(1)', secret: '0123456789abcdef' })).toEqual([
      'Webhook地址应为以 http:// 或 https:// 开头的网址',
    ])
    expect(messages({ kind: 'dingtalk', url: '' })).toContain('请填写钉钉机器人Webhook地址')
  })

  it('requires valid e-mail addresses', () => {
    expect(messages({ kind: 'email', to: ['不是邮箱'], smtp })).toEqual(['收件人邮箱格式不正确'])
    expect(messages({ kind: 'email', to: [], smtp })).toEqual(['至少填写一个收件人'])
    expect(messages({ kind: 'email', to: ['a@example.cn'], smtp: { ...smtp, from: '驾驶舱 <坏地址>' } })).toEqual([
      '发件人应为邮箱地址,或"名称 <邮箱地址>"',
    ])
  })

  it('requires a DingTalk secret to start with SEC', () => {
    expect(
      messages({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=a', secret: 'abc' }),
    ).toEqual(['钉钉加签密钥应以 SEC 开头(机器人安全设置"加签"一栏)'])
  })

  it('rejects half a credential pair, a bad port and unknown fields', () => {
    const { pass: _pass, ...withoutPass } = smtp
    expect(messages({ kind: 'email', to: ['a@example.cn'], smtp: withoutPass })).toEqual([
      'SMTP用户名和密码应同时填写或同时留空',
    ])
    expect(messages({ kind: 'email', to: ['a@example.cn'], smtp: { ...smtp, port: 70000 } })).toEqual([
      'SMTP端口应在1~65535之间',
    ])
    expect(ChannelConfigSchema.safeParse({ kind: 'wecom', url: 'https://a.cn', secret: 'x' }).success).toBe(false)
  })

  it('requires a webhook secret of at least 16 characters', () => {
    expect(messages({ kind: 'webhook', url: 'https://a.cn/hook', secret: 'short' })).toEqual(['签名密钥至少16个字符'])
  })

  it('names the valid kinds for an unknown one', () => {
    expect(messages({ kind: 'sms', to: '138' })).toEqual(['渠道类型应为 email、dingtalk、wecom 或 webhook'])
  })
})

describe('senderAddress', () => {
  it('extracts the address from a named sender', () => {
    expect(senderAddress('数字政府驾驶舱 <alert@example.cn>')).toBe('alert@example.cn')
    expect(senderAddress('alert@example.cn')).toBe('alert@example.cn')
    expect(senderAddress('驾驶舱')).toBeNull()
  })
})
