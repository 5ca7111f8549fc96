import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseChineseNumber } from './chinese-number.js'

/** A plain formatter for the property test: 12 → 十二, 305 → 三百零五, 20000 → 二万. */
function toChinese(n: number): string {
  const d = '零一二三四五六七八九'
  const under10k = (x: number, leadingTen: boolean): string => {
    const units = ['千', '百', '十', '']
    const parts = [Math.floor(x / 1000), Math.floor(x / 100) % 10, Math.floor(x / 10) % 10, x % 10]
    let out = ''
    let zero = false
    parts.forEach((p, i) => {
      if (p === 0) {
        zero = out !== ''
        return
      }
      if (zero) out += '零'
      zero = false
      out += leadingTen && out === '' && p === 1 && units[i] === '十' ? '十' : d[p]! + units[i]
    })
    return out || '零'
  }
  if (n < 10000) return under10k(n, true)
  const high = Math.floor(n / 10000)
  const low = n % 10000
  return `${under10k(high, true)}万${low === 0 ? '' : (low < 1000 ? '零' : '') + under10k(low, false)}`
}

describe('parseChineseNumber', () => {
  it.each([
    ['十二', 12],
    ['两', 2],
    ['五', 5],
    ['二十', 20],
    ['一百零八', 108],
    ['两百', 200],
    ['三千零五', 3005],
    ['一万二千', 12000],
    ['十万', 100000],
    ['5万', 50000],
    ['3.2万', 32000],
    ['1.5亿', 150000000],
    ['1162', 1162],
    ['二零二五', 2025],
  ])('reads %s as %d', (text, n) => expect(parseChineseNumber(text)).toBe(n))

  it('refuses text that is not a numeral', () => {
    expect(parseChineseNumber('一网')).toBeUndefined()
    expect(parseChineseNumber('')).toBeUndefined()
  })

  it('round-trips every number written in Chinese', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => parseChineseNumber(toChinese(n)) === n))
  })
})
