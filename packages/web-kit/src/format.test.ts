import { describe, expect, it } from 'vitest'
import { formatAge, formatDateZh, formatPeriod, formatRatio, formatValue, shanghaiIsoDate } from './format.js'

describe('formatting for Chinese screens', () => {
  it('prints values with the plan unit and large numbers in 万/亿', () => {
    expect(formatValue(80, '%')).toBe('80%')
    expect(formatValue(12, '个')).toBe('12个')
    expect(formatValue(123456, '人')).toBe('12.3万人')
    expect(formatValue(380000000, '人次')).toBe('3.8亿人次')
    expect(formatValue(null, '%')).toBe('—')
    expect(formatValue(66.6666, '%')).toBe('66.67%')
  })
  it('names periods as people say them', () => {
    expect(formatPeriod('2024-03')).toBe('2024年3月')
    expect(formatPeriod('2024-Q2')).toBe('2024年第二季度')
    expect(formatPeriod('2025')).toBe('2025年')
  })
  it('dates follow Beijing time, not the machine time zone', () => {
    // 2024-03-31T17:00Z is already 1 April in Beijing.
    expect(shanghaiIsoDate(new Date('2024-03-31T17:00:00Z'))).toBe('2024-04-01')
    expect(formatDateZh(new Date('2024-03-31T17:00:00Z'))).toBe('2024年4月1日')
    expect(formatDateZh('2025-12-31')).toBe('2025年12月31日')
  })
  it('shows ratios and ages', () => {
    expect(formatRatio(0.734)).toBe('73.4%')
    expect(formatAge(new Date(0), new Date(90_000))).toBe('1分钟前')
  })
})

describe('Beijing time in date-time inputs', () => {
  it('shows and reads back an instant as Beijing wall time', async () => {
    const { fromShanghaiDateTimeLocal, shanghaiDateTimeLocal } = await import('./format.js')
    expect(shanghaiDateTimeLocal(new Date('2024-06-30T10:05:00Z'))).toBe('2024-06-30T18:05')
    expect(new Date(fromShanghaiDateTimeLocal('2024-06-30T18:05')).toISOString()).toBe('2024-06-30T10:05:00.000Z')
  })
})
