import { describe, expect, it } from 'vitest'
import { matchHeader, normaliseHeader, type HeaderSpec } from './header-spec.js'

const value: HeaderSpec = { field: 'value', aliases: ['数值', '填报值', 'Value'], required: true }

describe('normaliseHeader and matchHeader', () => {
  it('ignores spaces, full-width spaces, line breaks and required markers', () => {
    for (const text of [
      '数值',
      ' 数 值 ',
      '\u3000数值\u3000',
      '数值\n',
      '数值*',
      '*数值',
      '数值＊',
      '数值(必填)',
      '数值（必填）',
      '数值*(必填)',
    ]) {
      expect(matchHeader(text, [value])?.field, text).toBe('value')
    }
  })

  it('matches aliases case-insensitively and in full width', () => {
    expect(matchHeader('VALUE', [value])?.field).toBe('value')
    expect(matchHeader('ｖａｌｕｅ', [value])?.field).toBe('value')
    expect(matchHeader('填报值', [value])?.field).toBe('value')
  })

  it('does not match other text or an empty cell', () => {
    expect(matchHeader('数值说明', [value])).toBeUndefined()
    expect(matchHeader('', [value])).toBeUndefined()
    expect(matchHeader('*', [value])).toBeUndefined()
    expect(normaliseHeader(' 指标 编码 * ')).toBe('指标编码')
  })
})
