import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'

let factory: ZxcvbnFactory | undefined
// Building the dictionaries takes a moment: once, on first use.
const estimator = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  }))

/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3

/**
 * Why a new password is refused, or null. The strength is zxcvbn-ts's estimate (common-password lists,
 * dictionary words, keyboard walks, dates, l33t substitutions, with the user's own name and display name
 * as words an attacker would try first); repeats and the user name are named outright because people
 * ask why "aaaaaaaaaaaa" or "zhangsan@2024…" is refused. Length limits stay in the schema.
 */
export function passwordProblem(
  password: string,
  user: { username: string; displayName?: string | null },
): string | null {
  const lower = password.toLowerCase()
  const username = user.username.toLowerCase()
  const core = username.replace(/[._-]+/g, '')
  if (
    username.length >= 3 &&
    (lower.includes(username) || (core.length >= 3 && lower.replace(/[._\-\s]+/g, '').includes(core)))
  )
    return '密码不能包含用户名'
  if (user.displayName && user.displayName.trim().length >= 2 && password.includes(user.displayName.trim()))
    return '密码不能包含显示名称'
  if (/^(.{1,6}?)\1+$/su.test(password)) return '密码不能由同一个字符或片段重复组成(如 aaaaaaaaaaaa、abcabcabcabc)'
  const result = estimator().check(password, [user.username, ...(user.displayName ? [user.displayName] : [])])
  if (result.score >= MIN_PASSWORD_SCORE) return null
  const common = result.sequence.some(
    (m) =>
      m.pattern === 'dictionary' &&
      String((m as { dictionaryName?: string }).dictionaryName ?? '').startsWith('passwords'),
  )
  return common
    ? '密码太常见(是常见密码或其简单变形),容易被猜中,请换一个更长、不常见的密码'
    : '密码太容易被猜中(如键盘上相邻的键、连续数字、日期或简单词组),请换一个更长、更不规则的密码'
}
