import { describe, expect, it } from 'vitest'
import { httpStatusFailure } from './http-post.js'
import { interpretRobotReply } from './robot-reply.js'

const reply = (errcode: number, errmsg = ''): string => JSON.stringify({ errcode, errmsg })

describe('interpretRobotReply', () => {
  it('succeeds on errcode 0 only', () => {
    expect(interpretRobotReply('dingtalk', 200, reply(0, 'ok')).ok).toBe(true)
    expect(interpretRobotReply('wecom', 200, reply(0, 'ok')).ok).toBe(true)
  })

  it('treats rate limits as retryable', () => {
    expect(interpretRobotReply('dingtalk', 200, reply(130101, 'send too fast'))).toMatchObject({
      ok: false,
      retryable: true,
    })
    expect(interpretRobotReply('wecom', 200, reply(45009, 'api freq out of limit'))).toMatchObject({
      ok: false,
      retryable: true,
    })
  })

  it('treats other errcodes as permanent and explains the common ones', () => {
    const sign = interpretRobotReply('dingtalk', 200, reply(310000, 'sign not match'))
    expect(sign).toMatchObject({ ok: false, retryable: false })
    expect(!sign.ok && sign.error).toBe(
      '钉钉机器人返回错误 errcode=310000(安全设置校验未通过:请检查自定义关键词、加签密钥或IP白名单)',
    )
    expect(interpretRobotReply('wecom', 200, reply(93000, 'invalid webhook url'))).toMatchObject({
      ok: false,
      retryable: false,
    })
    // 45009 is WeCom's rate limit, not DingTalk's.
    expect(interpretRobotReply('dingtalk', 200, reply(45009))).toMatchObject({ ok: false, retryable: false })
  })

  it('reads errcode sent as a string', () => {
    expect(interpretRobotReply('wecom', 200, '{"errcode":"45009","errmsg":"x"}')).toMatchObject({
      ok: false,
      retryable: true,
    })
  })

  it('fails permanently when a 200 carries no robot reply, without quoting what came back', () => {
    expect(interpretRobotReply('dingtalk', 200, '<html>登录 root:x:0:0</html>')).toEqual({
      ok: false,
      retryable: false,
      error: '钉钉机器人返回了无法识别的响应(不是 {errcode, errmsg}),请检查 Webhook 地址',
    })
    expect(interpretRobotReply('wecom', 200, '{"ok":true}')).toMatchObject({ ok: false, retryable: false })
  })

  it('lets the HTTP status decide before the body', () => {
    expect(interpretRobotReply('dingtalk', 502, reply(0))).toMatchObject({ ok: false, retryable: true })
  })
})

describe('httpStatusFailure', () => {
  it('passes 2xx', () => {
    expect(httpStatusFailure(200)).toBeNull()
    expect(httpStatusFailure(204)).toBeNull()
  })
  it('retries 5xx and 429 but not other 4xx or redirects', () => {
    expect(httpStatusFailure(500)).toEqual({ ok: false, retryable: true, error: '接收地址返回 HTTP 500' })
    expect(httpStatusFailure(503)).toMatchObject({ retryable: true })
    expect(httpStatusFailure(429)).toMatchObject({ retryable: true })
    expect(httpStatusFailure(400)).toMatchObject({ retryable: false })
    expect(httpStatusFailure(404)).toMatchObject({ retryable: false })
    expect(httpStatusFailure(302)).toMatchObject({
      retryable: false,
      error: '接收地址返回 HTTP 302(地址发生重定向,请填写最终地址)',
    })
  })
})
