import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseReportedValue } from './value.js'

const ok = (value: number, note?: string) => (note === undefined ? { ok: true, value } : { ok: true, value, note })
const message = (r: ReturnType<typeof parseReportedValue>): string => (r.ok ? '' : r.message)

/** What a Chinese IME produces: ASCII 0x21–0x7E shifted to U+FF01–U+FF5E. */
const fullWidth = (s: string): string => s.replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('parseReportedValue for percent indicators', () => {
  it('reads 80% and 80％ as 80', () => {
    expect(parseReportedValue('80%', 'percent')).toEqual(ok(80))
    expect(parseReportedValue('80％', 'percent')).toEqual(ok(80))
    expect(parseReportedValue(' 80 % ', 'percent')).toEqual(ok(80))
  })

  it('reads full-width ８０％ and ０．８ like their ASCII forms', () => {
    expect(parseReportedValue('８０％', 'percent')).toEqual(ok(80))
    expect(parseReportedValue('０．８', 'percent')).toEqual(ok(80, '按小数比例解读为80%'))
  })

  it('reads a decimal strictly between 0 and 1 without a % sign as a ratio, with a note', () => {
    expect(parseReportedValue('0.8', 'percent')).toEqual(ok(80, '按小数比例解读为80%'))
    expect(parseReportedValue('0.07', 'percent')).toEqual(ok(7, '按小数比例解读为7%'))
    expect(parseReportedValue(0.955, 'percent')).toEqual(ok(95.5, '按小数比例解读为95.5%'))
  })

  it('keeps exactly 0 and 1 as 0% and 1%, and an explicit 0.8% as 0.8', () => {
    expect(parseReportedValue('1', 'percent')).toEqual(ok(1))
    expect(parseReportedValue(1, 'percent')).toEqual(ok(1))
    expect(parseReportedValue('0', 'percent')).toEqual(ok(0))
    expect(parseReportedValue('0.8%', 'percent')).toEqual(ok(0.8))
  })

  it('reads a percent-formatted cell holding 0.8 as exactly 80', () => {
    expect(parseReportedValue(0.8, 'percent', { percentFormatted: true })).toEqual(ok(80))
    expect(parseReportedValue(0.07, 'percent', { percentFormatted: true })).toEqual(ok(7))
    expect(parseReportedValue(1, 'percent', { percentFormatted: true })).toEqual(ok(100))
  })

  it('rejects a percent outside 0–100', () => {
    expect(message(parseReportedValue('120%', 'percent'))).toBe('百分比应在 0 到 100 之间(填写的是 120%)')
    expect(message(parseReportedValue(1.2, 'percent', { percentFormatted: true }))).toContain('0 到 100')
    expect(message(parseReportedValue('-5%', 'percent'))).toContain('不能为负数')
  })

  it('rejects a unit other than % in a percent column', () => {
    expect(message(parseReportedValue('80个', 'percent', { unit: '%' }))).toContain(
      '百分比指标只能填写数字或带 % 号的数字',
    )
  })
})

describe('parseReportedValue for counts and quantities', () => {
  it('applies Chinese magnitude suffixes exactly', () => {
    expect(parseReportedValue('5万', 'count')).toEqual(ok(50000, '已按「万」换算'))
    expect(parseReportedValue('1.2亿', 'quantity')).toEqual(ok(120000000, '已按「亿」换算'))
    expect(parseReportedValue('3千', 'count')).toEqual(ok(3000, '已按「千」换算'))
    expect(parseReportedValue('1.5万', 'count')).toEqual(ok(15000, '已按「万」换算'))
  })

  it('strips a common unit when the indicator unit is not given', () => {
    expect(parseReportedValue('25项', 'count')).toEqual(ok(25))
    expect(parseReportedValue('10 个', 'count')).toEqual(ok(10))
    expect(parseReportedValue('6万核', 'quantity')).toEqual(ok(60000, '已按「万」换算'))
  })

  it('strips a suffix equal to the indicator unit without scaling it', () => {
    expect(parseReportedValue('6万核', 'quantity', { unit: '万核' })).toEqual(ok(6))
    expect(parseReportedValue('25项', 'count', { unit: '项' })).toEqual(ok(25))
    expect(parseReportedValue('3.5PB', 'quantity', { unit: 'PB' })).toEqual(ok(3.5))
    expect(parseReportedValue('3.5 pb', 'quantity', { unit: 'PB' })).toEqual(ok(3.5))
  })

  it('reads a bare magnitude that the indicator unit starts with as that unit', () => {
    expect(parseReportedValue('6万', 'quantity', { unit: '万核' })).toEqual(ok(6))
  })

  it('converts another magnitude of the same base unit into the indicator unit', () => {
    expect(parseReportedValue('60000核', 'quantity', { unit: '万核' })).toEqual(ok(6, '「核」已按指标单位「万核」换算'))
    expect(parseReportedValue('1亿核', 'quantity', { unit: '万核' })).toEqual(
      ok(10000, '「亿核」已按指标单位「万核」换算'),
    )
    expect(parseReportedValue('5万项', 'count', { unit: '项' })).toEqual(ok(50000, '已按「万」换算'))
    expect(parseReportedValue('5万', 'count', { unit: '项' })).toEqual(ok(50000, '已按「万」换算'))
  })

  it('rejects a unit that differs from the indicator unit', () => {
    expect(message(parseReportedValue('25个', 'count', { unit: '项' }))).toBe(
      '单位「个」与指标单位「项」不一致,请直接填写以「项」计的数值',
    )
    expect(message(parseReportedValue('5千', 'quantity', { unit: '万核' }))).toContain('量级不一致')
    expect(message(parseReportedValue('5斤', 'quantity'))).toBe('无法识别数值后的「斤」,请只填写数字')
  })

  it('accepts thousands separators, half- and full-width', () => {
    expect(parseReportedValue('1,234', 'count')).toEqual(ok(1234))
    expect(parseReportedValue('1，234', 'count')).toEqual(ok(1234))
    expect(parseReportedValue('1,234,567.5', 'quantity')).toEqual(ok(1234567.5))
    expect(message(parseReportedValue('1,23', 'count'))).toContain('千分位逗号位置不正确')
  })

  it('accepts the exponent form Excel writes into CSV for large numbers', () => {
    expect(parseReportedValue('1.23E+11', 'quantity')).toEqual(ok(123000000000))
  })

  it('rejects a % sign outside percent indicators', () => {
    expect(message(parseReportedValue('80%', 'count', { unit: '项' }))).toBe(
      '该指标(单位「项」)不是百分比指标,数值中不应带 % 号',
    )
    expect(message(parseReportedValue(0.8, 'quantity', { percentFormatted: true, unit: 'PB' }))).toContain(
      '单元格为百分比格式(显示为 80%)',
    )
  })

  it('rejects a count that is not a non-negative integer', () => {
    expect(message(parseReportedValue('2.5', 'count'))).toBe('数量应为整数(填写的是 2.5)')
    expect(message(parseReportedValue(-3, 'count'))).toBe('数值不能为负数(填写的是 -3)')
    expect(message(parseReportedValue('－3', 'count'))).toBe('数值不能为负数(填写的是 -3)')
  })

  it('rejects a negative quantity', () => {
    expect(message(parseReportedValue('-0.5', 'quantity'))).toContain('不能为负数')
  })

  it('accepts a plain signed number and turns -0 into 0', () => {
    expect(parseReportedValue('+12', 'quantity')).toEqual(ok(12))
    expect(parseReportedValue('-0', 'quantity')).toEqual(ok(0))
  })
})

describe('parseReportedValue rejects what is not a number', () => {
  it('rejects empty values', () => {
    for (const raw of [null, undefined, '', '   ', '\u3000'])
      expect(message(parseReportedValue(raw, 'count'))).toBe('数值为空')
  })

  it('rejects text such as 暂无 and quotes it', () => {
    expect(message(parseReportedValue('暂无', 'percent'))).toBe('「暂无」不是有效数值,请填写数字(如 80、80%、25)')
    expect(message(parseReportedValue('约80%', 'percent'))).toContain('不是有效数值')
    expect(message(parseReportedValue('-', 'count'))).toBe('「-」不是有效数值,请填写数字(如 80、80%、25)')
    expect(message(parseReportedValue('/', 'count'))).toBe('「/」不是有效数值,请填写数字(如 80、80%、25)')
  })

  it('rejects a formula-injection payload without evaluating it', () => {
    const r = parseReportedValue("=cmd|' /C calc'!A0", 'quantity')
    expect(message(r)).toBe("「=cmd|' /C calc'!A0」以「=」开头,疑似公式,不是数值; 系统不会计算公式,请直接填写数字")
    for (const raw of ['=1+1', '+1+1', '-2+3', '@SUM(A1)', '=80']) {
      expect(parseReportedValue(raw, 'quantity').ok, raw).toBe(false)
    }
  })

  it('rejects a script tag as text', () => {
    expect(message(parseReportedValue('<script>alert(1)</script>', 'count'))).toBe(
      '「<script>alert(1)</sc…」不是有效数值,请填写数字(如 80、80%、25)',
    )
  })

  it('rejects NaN, Infinity and numbers too large to represent', () => {
    expect(message(parseReportedValue(Number.NaN, 'quantity'))).toContain('NaN')
    expect(message(parseReportedValue(Number.POSITIVE_INFINITY, 'quantity'))).toContain('无穷大')
    expect(parseReportedValue('NaN', 'quantity').ok).toBe(false)
    expect(parseReportedValue('Infinity', 'quantity').ok).toBe(false)
    expect(message(parseReportedValue('1e400', 'quantity'))).toContain('超出可表示的数值范围')
  })

  it('rejects text longer than 64 characters', () => {
    expect(message(parseReportedValue('1'.repeat(65), 'quantity'))).toBe('内容过长(65 个字符),数值最多 64 个字符')
    expect(parseReportedValue('1'.repeat(64), 'quantity').ok).toBe(true)
  })

  it('rejects a date, a boolean and objects', () => {
    expect(message(parseReportedValue(new Date(Date.UTC(2025, 2, 5)), 'count'))).toContain('日期')
    expect(message(parseReportedValue(true, 'count'))).toBe('「TRUE」不是数值')
    expect(parseReportedValue({ formula: 'A1' }, 'count').ok).toBe(false)
  })
})

describe('parseReportedValue properties', () => {
  it('parses any finite non-negative number written with String() back to itself as a quantity', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (n) => {
        const r = parseReportedValue(String(n), 'quantity')
        expect(r).toEqual({ ok: true, value: n === 0 ? 0 : n })
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the same result for the full-width form of a valid input', () => {
    const digits = fc.stringMatching(/^(0|[1-9]\d{0,6})(\.\d{1,4})?$/)
    const input = fc.oneof(
      digits.map((d) => ({ text: d, measure: 'quantity' as const })),
      fc
        .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
        .map(([i, f]) => ({ text: `${i}.${f}%`, measure: 'percent' as const })),
      fc.integer({ min: 1, max: 99 }).map((f) => ({ text: `0.${f}`, measure: 'percent' as const })),
      fc
        .integer({ min: 1000, max: 99_999_999 })
        .map((n) => ({ text: n.toLocaleString('en-US'), measure: 'count' as const })),
      fc.integer({ min: 0, max: 9999 }).map((n) => ({ text: `+${n}PB`, measure: 'quantity' as const })),
    )
    fc.assert(
      fc.property(input, ({ text, measure }) => {
        const ascii = parseReportedValue(text, measure)
        expect(ascii.ok).toBe(true)
        expect(parseReportedValue(fullWidth(text), measure)).toEqual(ascii)
      }),
      { numRuns: 1000 },
    )
  })
})
