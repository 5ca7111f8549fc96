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
export const LoginResult = z.object({ me: Me, csrfToken: z.string(), expiresAt: z.string() })

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
