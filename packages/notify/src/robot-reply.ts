import { delivered, failed, type DeliveryResult } from './delivery-result.js'
import { httpStatusFailure } from './http-post.js'

export type RobotKind = 'dingtalk' | 'wecom'

interface RobotRules {
  name: string
  /** errcodes that mean "not now": rate limits and "system busy". Everything else needs a person. */
  retryable: ReadonlySet<number>
  hints: ReadonlyMap<number, string>
}

const rules: Record<RobotKind, RobotRules> = {
  dingtalk: {
    name: '钉钉机器人',
    // 130101: more than 20 messages a minute; 410100: throttled; -1: system busy.
    retryable: new Set([130101, 410100, -1]),
    hints: new Map([
      [310000, '安全设置校验未通过:请检查自定义关键词、加签密钥或IP白名单'],
      [130101, '发送过于频繁(每分钟最多20条),稍后重试'],
      [410100, '发送过于频繁被限流,稍后重试'],
      [-1, '钉钉系统繁忙,稍后重试'],
    ]),
  },
  wecom: {
    name: '企业微信机器人',
    // 45009: API frequency limit (20 messages a minute per robot); -1: system busy.
    retryable: new Set([45009, -1]),
    hints: new Map([
      [45009, '发送过于频繁(每分钟最多20条),稍后重试'],
      [93000, 'Webhook地址无效:请检查 key 是否正确、机器人是否已被移出群聊'],
      [-1, '企业微信系统繁忙,稍后重试'],
    ]),
  },
}

const parseReply = (body: string): { errcode: number } | null => {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed !== 'object' || parsed === null || !('errcode' in parsed)) return null
    const errcode = Number(parsed.errcode)
    return Number.isInteger(errcode) ? { errcode } : null
  } catch {
    return null
  }
}

/**
 * Both robots answer HTTP 200 for most failures and put the verdict in {errcode, errmsg}; errcode 0 is the
 * only success. A 200 without that JSON means the URL is not a robot endpoint at all.
 */
export const interpretRobotReply = (robot: RobotKind, status: number, body: string): DeliveryResult => {
  const httpFailure = httpStatusFailure(status)
  if (httpFailure) return httpFailure
  const r = rules[robot]
  const reply = parseReply(body)
  // The reply's own text is never quoted: the address could be anything that answers HTTP.
  if (!reply) return failed(false, `${r.name}返回了无法识别的响应(不是 {errcode, errmsg}),请检查 Webhook 地址`)
  if (reply.errcode === 0) return delivered(`${r.name}已接收`)
  const hint = r.hints.get(reply.errcode)
  return failed(r.retryable.has(reply.errcode), `${r.name}返回错误 errcode=${reply.errcode}${hint ? `(${hint})` : ''}`)
}
