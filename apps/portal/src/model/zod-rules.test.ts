import { AdminUserCreate, LoginBody } from '@cockpit/contracts'
import { describe, expect, it } from 'vitest'
import { issuesByField, zodRules } from './zod-rules.js'

describe('zod → ElForm rules', () => {
  it('gives each field the message the API would answer', () => {
    const body = {
      username: 'A',
      displayName: '',
      role: 'reporter',
      departmentId: null,
      jurisdictions: [],
      password: 'short',
      mobile: null,
      email: null,
    }
    const issues = issuesByField(AdminUserCreate, body)
    expect(issues.username).toContain('用户名应为3–64位小写字母')
    expect(issues.password).toBe('初始密码至少12个字符')
    expect(issues.role).toBeUndefined()
  })
  it('calls back with the field message, or with nothing when the field is right', () => {
    const form = { username: '', password: 'x' }
    const rules = zodRules(LoginBody, () => form, ['username', 'password'])
    const run = (field: string) => {
      let got: Error | undefined
      const rule = rules[field]![0]! as { validator: (r: unknown, v: unknown, cb: (e?: Error) => void) => void }
      rule.validator(null, null, (e) => (got = e))
      return got?.message
    }
    expect(run('username')).toBe('请输入用户名')
    expect(run('password')).toBeUndefined()
    form.username = 'desk'
    expect(run('username')).toBeUndefined()
  })
})
