import { z } from 'zod'

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
})
export const Me = z.object({
  kind: z.enum(['user', 'token']),
  userId: z.number().int().nullable(),
  role: z.enum(['admin', 'manager', 'reporter', 'viewer']),
  departmentId: z.number().int().nullable(),
  jurisdictions: z.array(z.string()),
  label: z.string(),
})
export type Me = z.infer<typeof Me>
export const LoginResult = z.object({ me: Me, csrfToken: z.string(), expiresAt: z.string() })
/** The caller, plus the session's CSRF token so a reloaded page can write again (null for API tokens). */
export const MeSession = Me.extend({ csrfToken: z.string().nullable() })

export const CreateTokenBody = z.strictObject({
  departmentId: z.number().int().positive(),
  name: z.string().trim().min(1, '请填写令牌名称').max(100),
})
export const CreatedToken = z.object({
  id: z.number().int(),
  departmentId: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  token: z.string(),
})

export const CreateDisplayKeyBody = z.strictObject({
  jurisdictionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字(GB/T 2260)'),
  name: z.string().trim().min(1, '请填写显示密钥名称(如"南昌指挥中心大屏")').max(100),
})
/** A wall screen's read-only key, scoped to a jurisdiction and its descendants. */
export const DisplayKey = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type DisplayKey = z.infer<typeof DisplayKey>
export const DisplayKeyList = z.object({ items: z.array(DisplayKey) })
/** The key itself is shown once, at creation. */
export const CreatedDisplayKey = DisplayKey.extend({ token: z.string() })
export type CreatedDisplayKey = z.infer<typeof CreatedDisplayKey>
