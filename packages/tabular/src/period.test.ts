import { describe, expect, it } from 'vitest'
import { parsePeriodText } from './period.js'

const key = (raw: unknown, cadence?: 'monthly' | 'quarterly' | 'yearly'): string => {
  const r = parsePeriodText(raw, cadence)
  return r.ok ? r.key : `error: ${r.message}`
}

describe('parsePeriodText', () => {
  it.each([
    ['2025-03', '2025-03'],
    ['2025-3', '2025-03'],
    ['2025/03', '2025-03'],
    ['2025.3', '2025-03'],
    ['2025年3月', '2025-03'],
    ['2025年03月', '2025-03'],
    ['2025年3月份', '2025-03'],
    ['202503', '2025-03'],
    [' 2025 年 12 月 ', '2025-12'],
  ])('reads the month %s as %s', (raw, expected) => {
    expect(key(raw)).toBe(expected)
  })

  it.each([
    ['2025-Q1', '2025-Q1'],
    ['2025Q1', '2025-Q1'],
    ['2025q2', '2025-Q2'],
    ['2025年第一季度', '2025-Q1'],
    ['2025年一季度', '2025-Q1'],
    ['2025年1季度', '2025-Q1'],
    ['2025年第4季度', '2025-Q4'],
    ['2025年第三季度', '2025-Q3'],
  ])('reads the quarter %s as %s', (raw, expected) => {
    expect(key(raw)).toBe(expected)
  })

  it.each([
    ['2025', '2025'],
    ['2025年', '2025'],
    ['2025年度', '2025'],
  ])('reads the year %s as %s', (raw, expected) => {
    expect(key(raw)).toBe(expected)
  })

  it('reads full-width digits and letters', () => {
    expect(key('２０２５年３月')).toBe('2025-03')
    expect(key('２０２５－Ｑ１')).toBe('2025-Q1')
    expect(key('２０２５年度')).toBe('2025')
  })

  it('reads an Excel date, as a Date or a serial number, as its month', () => {
    expect(key(new Date(Date.UTC(2025, 2, 1)))).toBe('2025-03')
    expect(key(new Date(Date.UTC(2025, 11, 31)))).toBe('2025-12')
    expect(key(45717)).toBe('2025-03') // 2025-03-01
    expect(key('2025/3/1')).toBe('2025-03')
    expect(key('2025年3月31日')).toBe('2025-03')
  })

  it('reads numbers typed into number cells', () => {
    expect(key(2025)).toBe('2025')
    expect(key(202503)).toBe('2025-03')
    expect(key(2025.3)).toBe('2025-03')
    expect(key(2025.1)).toBe('error: 统计期「2025.1」是数字,无法区分 1 月和 10 月,请填写如 2025年10月 或 2025年1月')
  })

  it('rejects what is not a period', () => {
    expect(key('')).toBe('error: 统计期为空')
    expect(key(null)).toBe('error: 统计期为空')
    expect(key('2025-13')).toBe('error: 统计期「2025-13」中的月份应为 1 到 12')
    expect(key('2025年第五季度')).toBe(
      'error: 无法识别统计期「2025年第五季度」,请填写如 2025年3月、2025年第一季度 或 2025年',
    )
    expect(key('上半年')).toContain('无法识别统计期')
    expect(key('1800年')).toBe('error: 统计期的年份 1800 不合理')
    expect(key('2025年3')).toContain('无法识别统计期')
  })

  it('names the cadence the indicator reports at when the period is of another cadence', () => {
    expect(key('2025年3月', 'quarterly')).toBe(
      'error: 「2025年3月」是月度统计期,该指标按季度报送,统计期应为如 2025年第一季度',
    )
    expect(key('2025-Q2', 'monthly')).toBe(
      'error: 「2025年第二季度」是季度统计期,该指标按月报送,统计期应为如 2025年4月',
    )
    expect(key('2025-Q4', 'yearly')).toBe('error: 「2025年第四季度」是季度统计期,该指标按年报送,统计期应为如 2025年')
    expect(key('2024', 'monthly')).toBe('error: 「2024年」是年度统计期,该指标按月报送,统计期应为如 2024年1月')
  })

  it('accepts a period of the indicator cadence', () => {
    expect(key('2025年第一季度', 'quarterly')).toBe('2025-Q1')
    expect(key('2025年度', 'yearly')).toBe('2025')
    expect(key('2025-3', 'monthly')).toBe('2025-03')
  })
})
