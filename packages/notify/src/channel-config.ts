import { z } from 'zod'

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const httpUrl = (label: string) =>
  z
    .string({ error: `${label}应为字符串` })
    .trim()
    .min(1, `请填写${label}`)
    .refine(isHttpUrl, { message: `${label}应为以 http:// 或 https:// 开头的网址` })

const emailAddress = z.email({ error: '邮箱地址格式不正确' })

/** "noreply@example.cn" or "数字政府驾驶舱 <noreply@example.cn>"; returns the bare address or null. */
export const senderAddress = (from: string): string | null => {
  const trimmed = from.trim()
  const named = /^[^<>]*<([^<>\s]+)>$/.exec(trimmed)
  const address = named ? named[1]! : trimmed
  return emailAddress.safeParse(address).success ? address : null
}

const EmailChannel = z.strictObject({
  kind: z.literal('email'),
  to: z
    .array(z.email({ error: '收件人邮箱格式不正确' }), { error: '收件人应为邮箱列表' })
    .min(1, '至少填写一个收件人')
    .max(50, '收件人最多50个'),
  smtp: z
    .strictObject({
      host: z.string({ error: '请填写SMTP服务器' }).trim().min(1, '请填写SMTP服务器'),
      port: z
        .number({ error: 'SMTP端口应为数字' })
        .int('SMTP端口应为整数')
        .min(1, 'SMTP端口应在1~65535之间')
        .max(65535, 'SMTP端口应在1~65535之间'),
      secure: z.boolean({ error: 'secure 应为 true(465端口直接TLS)或 false(587/25端口,可升级STARTTLS)' }),
      user: z.string().min(1, 'SMTP用户名不能为空').optional(),
      pass: z.string().min(1, 'SMTP密码不能为空').optional(),
      from: z
        .string({ error: '请填写发件人' })
        .refine((v) => senderAddress(v) !== null, { message: '发件人应为邮箱地址,或"名称 <邮箱地址>"' }),
    })
    // Half a credential pair is always a typo; failing here beats an opaque SMTP error at 3 a.m.
    .refine((s) => (s.user === undefined) === (s.pass === undefined), {
      message: 'SMTP用户名和密码应同时填写或同时留空',
      path: ['pass'],
    }),
})

const DingtalkChannel = z.strictObject({
  kind: z.literal('dingtalk'),
  url: httpUrl('钉钉机器人Webhook地址'),
  secret: z
    .string({ error: '加签密钥应为字符串' })
    .trim()
    .startsWith('SEC', '钉钉加签密钥应以 SEC 开头(机器人安全设置"加签"一栏)')
    .optional(),
})

const WecomChannel = z.strictObject({
  kind: z.literal('wecom'),
  url: httpUrl('企业微信机器人Webhook地址'),
})

const WebhookChannel = z.strictObject({
  kind: z.literal('webhook'),
  url: httpUrl('Webhook地址'),
  // Short secrets can be brute-forced offline from one captured signature.
  secret: z.string({ error: '请填写签名密钥' }).min(16, '签名密钥至少16个字符'),
})

/** Validates a stored or submitted channel configuration, with messages users can act on. */
export const ChannelConfigSchema = z.discriminatedUnion(
  'kind',
  [EmailChannel, DingtalkChannel, WecomChannel, WebhookChannel],
  {
    error: (issue) => (issue.code === 'invalid_union' ? '渠道类型应为 email、dingtalk、wecom 或 webhook' : undefined),
  },
)

export type ChannelConfig =
  | {
      kind: 'email'
      to: string[]
      smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string }
    }
  | { kind: 'dingtalk'; url: string; secret?: string }
  | { kind: 'wecom'; url: string }
  | { kind: 'webhook'; url: string; secret: string }

// The hand-written type is the one readers see; these lines fail to compile if the schema drifts from it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesType: Same<z.infer<typeof ChannelConfigSchema>, ChannelConfig> = true
void schemaMatchesType
