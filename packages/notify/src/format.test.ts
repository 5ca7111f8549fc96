import { describe, expect, it } from 'vitest'
import { MISSING, formatBeijingTime, formatGap, formatNumber, formatQuantity, isWebLink, oneLine } from './format.js'

describe('formatNumber', () => {
  it('keeps up to two decimals and groups thousands', () => {
    expect(formatNumber(72.5)).toBe('72.5')
    expect(formatNumber(80)).toBe('80')
    expect(formatNumber(12345.678)).toBe('12,345.68')
    expect(formatNumber(-3.456)).toBe('-3.46')
  })
  it('shows tiny non-zero values with significant digits instead of 0', () => {
    expect(formatNumber(0.0012345)).toBe('0.00123')
    expect(formatNumber(0)).toBe('0')
  })
  it('renders unknown and non-finite values as a dash', () => {
    expect(formatNumber(null)).toBe(MISSING)
    expect(formatNumber(Number.NaN)).toBe(MISSING)
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe(MISSING)
  })
})

describe('formatQuantity', () => {
  it('sets percent and Chinese units against the number', () => {
    expect(formatQuantity(72.5, '%')).toBe('72.5%')
    expect(formatQuantity(1200, '个')).toBe('1,200个')
    expect(formatQuantity(3.5, '万元')).toBe('3.5万元')
  })
  it('puts a space before Latin units and nothing for an empty unit', () => {
    expect(formatQuantity(12, 'GB')).toBe('12 GB')
    expect(formatQuantity(0.85, '')).toBe('0.85')
  })
  it('renders a missing value as a dash without its unit', () => {
    expect(formatQuantity(null, '%')).toBe(MISSING)
  })
})

describe('formatGap', () => {
  it('states percentage-point gaps for percent indicators', () => {
    expect(formatGap(-7.5, '%')).toBe('落后 7.5 个百分点')
    expect(formatGap(2, '%')).toBe('领先 2 个百分点')
  })
  it('uses the unit for other indicators', () => {
    expect(formatGap(-300, '件')).toBe('落后 300件')
    expect(formatGap(1.25, '万元')).toBe('领先 1.25万元')
  })
  it('calls a gap that rounds to zero level with the path', () => {
    expect(formatGap(0, '%')).toBe('与序时进度持平')
    expect(formatGap(-0.001, '%')).toBe('落后 0.001 个百分点')
  })
  it('renders a missing gap as a dash', () => {
    expect(formatGap(null, '%')).toBe(MISSING)
  })
})

describe('formatBeijingTime', () => {
  it('shows an instant in UTC+8, crossing midnight when needed', () => {
    expect(formatBeijingTime('2025-06-30T06:05:00Z')).toBe('2025-06-30 14:05')
    expect(formatBeijingTime('2025-12-31T16:30:00Z')).toBe('2026-01-01 00:30')
    expect(formatBeijingTime('2025-03-01T18:00:00+08:00')).toBe('2025-03-01 18:00')
  })
  it('passes an unparseable value through', () => {
    expect(formatBeijingTime('昨天')).toBe('昨天')
  })
})

describe('helpers', () => {
  it('collapses line breaks so a field stays on one line', () => {
    expect(oneLine(' 南昌市\n政务服务 \r\n 用证率 ')).toBe('南昌市 政务服务 用证率')
  })
  it('treats only http(s) as web links', () => {
    expect(isWebLink('https://a.cn/x')).toBe(true)
    expect(isWebLink('http://127.0.0.1:3000/x')).toBe(true)
    expect(isWebLink('javascript:alert(1)')).toBe(false)
    expect(isWebLink('/relative/path')).toBe(false)
  })
})
