import { describe, expect, it } from 'vitest'
import { passwordProblem } from './password-policy.js'

const user = { username: 'zhangsan', displayName: '张三' }

// Issue #11: only the length was checked; 'aaaaaaaaaaaa' and passwords holding the user name went through.
describe('password policy', { timeout: 30_000 }, () => {
  it('refuses repeated characters and repeated fragments', () => {
    for (const p of ['aaaaaaaaaaaa', 'abcabcabcabc', '121212121212', '密码密码密码密码密码密码'])
      expect(passwordProblem(p, user), p).toBe('密码不能由同一个字符或片段重复组成(如 aaaaaaaaaaaa、abcabcabcabc)')
  })

  it('refuses a password containing the user name, also around separators, or the display name', () => {
    expect(passwordProblem('Zhangsan@2024-nc!', user)).toBe('密码不能包含用户名')
    expect(passwordProblem('my.zhang.san.key9', { username: 'zhang.san' })).toBe('密码不能包含用户名')
    expect(passwordProblem('张三的工作密码Kq9!', user)).toBe('密码不能包含显示名称')
  })

  it('refuses common passwords and their variants', () => {
    for (const p of ['password1234', 'Passw0rd2024!', 'iloveyou1234'])
      expect(passwordProblem(p, user), p).toBe(
        '密码太常见(是常见密码或其简单变形),容易被猜中,请换一个更长、不常见的密码',
      )
  })

  it('refuses keyboard walks and sequences', () => {
    expect(passwordProblem('qazwsxedcrfv', user)).toMatch(/^密码太(常见|容易被猜中)/)
    expect(passwordProblem('1234567890ab', user)).toMatch(/^密码太(常见|容易被猜中)/)
  })

  it('accepts a long passphrase or a random password', () => {
    for (const p of ['correct horse battery', 'Jn7#kq2Lm9xP', 'a long enough pass', '南昌政务云2024年上半年'])
      expect(passwordProblem(p, user), p).toBeNull()
  })
})
