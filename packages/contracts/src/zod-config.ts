import { z } from 'zod'

/*
 * Every validation message users see is Chinese: our schemas carry their own messages, and whatever a
 * schema leaves to zod (a nested object that is an array, an unknown field, a missing one) is said here.
 * zod's own zh-CN locale leaves type names in English ("期望 object"), so we say them ourselves and fall
 * back to it only for the rare codes not handled below.
 */

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  nan: 'NaN',
  boolean: '布尔值(true/false)',
  bigint: '整数',
  symbol: '符号',
  undefined: '空缺',
  null: '空值(null)',
  object: '对象({…})',
  array: '数组([…])',
  date: '日期',
  function: '函数',
  map: '映射',
  set: '集合',
  file: '文件',
  literal: '固定值',
  enum: '枚举值',
  union: '多种类型之一',
  tuple: '数组([…])',
  record: '对象({…})',
  never: '(不应出现)',
  unknown: '任意值',
  any: '任意值',
}

const typeName = (t: string) => typeNames[t] ?? '其他类型'

function received(input: unknown): string {
  if (input === undefined) return '空缺'
  if (input === null) return typeNames.null!
  if (Array.isArray(input)) return typeNames.array!
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input)
  return typeName(typeof input)
}

const formats: Record<string, string> = {
  email: '电子邮件地址',
  url: '网址(URL)',
  uuid: 'UUID',
  guid: 'UUID',
  datetime: 'ISO 日期时间(如 2025-03-01T08:00:00Z)',
  date: '日期(YYYY-MM-DD)',
  time: '时间(HH:MM:SS)',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  base64: 'base64 文本',
  jwt: 'JWT',
}

const sizeUnits: Record<string, string> = { string: '个字符', array: '项', set: '项', map: '项', file: '字节' }

const quote = (v: unknown) =>
  typeof v === 'string' ? `"${v}"` : typeof v === 'bigint' ? `${v}` : (JSON.stringify(v) ?? String(v))

const fallback = z.locales.zhCN().localeError

/** One issue in Chinese; `undefined` leaves it to the schema's own message or zod's zh-CN text. */
export function chineseIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `缺少此项(应为${typeName(issue.expected)})`
      return `应为${typeName(issue.expected)},收到的是${received(issue.input)}`
    case 'invalid_value':
      if (issue.values.length === 1) return `应为 ${quote(issue.values[0])}`
      return `应为以下之一:${issue.values.map(quote).join('、')}`
    case 'too_big': {
      const unit = sizeUnits[issue.origin ?? '']
      const max = issue.maximum.toString()
      if (unit) return `过长:最多 ${max} ${unit}`
      return issue.inclusive ? `不能大于 ${max}` : `应小于 ${max}`
    }
    case 'too_small': {
      const unit = sizeUnits[issue.origin ?? '']
      const min = issue.minimum.toString()
      if (unit) return min === '1' && issue.inclusive ? '不能为空' : `过短:至少 ${min} ${unit}`
      return issue.inclusive ? `不能小于 ${min}` : `应大于 ${min}`
    }
    case 'invalid_format':
      if (issue.format === 'regex') return '格式不正确'
      if (issue.format === 'starts_with') return `应以 "${(issue as { prefix?: string }).prefix}" 开头`
      if (issue.format === 'ends_with') return `应以 "${(issue as { suffix?: string }).suffix}" 结尾`
      if (issue.format === 'includes') return `应包含 "${(issue as { includes?: string }).includes}"`
      return `应为${formats[issue.format] ?? '规定格式'}`
    case 'not_multiple_of':
      return `应为 ${issue.divisor.toString()} 的倍数`
    case 'unrecognized_keys':
      return `不认识的字段:${issue.keys.join('、')}`
    case 'invalid_key':
      return '含有无效的键'
    case 'invalid_element':
      return '含有无效的值'
    case 'invalid_union': {
      // "应为数字或文本": the kinds each branch expected, when every branch failed on the value's type.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []
      const expected = branches.map((b) =>
        b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0 ? b[0]!.expected : null,
      )
      if (expected.length > 0 && expected.every((e) => e !== null)) {
        const names = [...new Set(expected.map((e) => typeName(e!)))]
        if (issue.input === undefined) return `缺少此项(应为${names.join('或')})`
        return `应为${names.join('或')},收到的是${received(issue.input)}`
      }
      return '不符合任何一种允许的写法'
    }
    default: {
      const text = fallback(issue)
      return typeof text === 'string' ? text : text?.message
    }
  }
}

/**
 * Installed once wherever contracts are loaded (API, workers, both front ends). In a browser zod compiles
 * no parsers with `new Function`: the front ends' Content-Security-Policy forbids eval, and even zod's
 * caught probe for it is reported as a violation. The server keeps the faster compiled parsers.
 */
z.config({ localeError: chineseIssueMessage, jitless: 'document' in globalThis })
