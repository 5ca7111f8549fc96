import { describe, expect, it } from 'vitest'
import { endedPeriods } from './due-periods.js'

const keys = (ps: { key: string }[]) => ps.map((p) => p.key)

describe('endedPeriods', () => {
  it('lists only months whose last day has come, from the start of the horizon', () => {
    expect(keys(endedPeriods('monthly', { startYear: 2024, endYear: 2025 }, '2024-04-29'))).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
    ])
    expect(keys(endedPeriods('monthly', { startYear: 2024, endYear: 2025 }, '2024-04-30'))).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
    ])
  })

  it('counts a quarter or a year as due on its last day, not before', () => {
    expect(keys(endedPeriods('quarterly', { startYear: 2023, endYear: 2025 }, '2024-06-29'))).toEqual([
      '2023-Q1',
      '2023-Q2',
      '2023-Q3',
      '2023-Q4',
      '2024-Q1',
    ])
    expect(keys(endedPeriods('quarterly', { startYear: 2023, endYear: 2025 }, '2024-06-30')).at(-1)).toBe('2024-Q2')
    expect(keys(endedPeriods('yearly', { startYear: 2022, endYear: 2025 }, '2024-12-30'))).toEqual(['2022', '2023'])
    expect(keys(endedPeriods('yearly', { startYear: 2022, endYear: 2025 }, '2024-12-31'))).toEqual([
      '2022',
      '2023',
      '2024',
    ])
  })

  it('stops at the end of the horizon however late it is', () => {
    expect(keys(endedPeriods('yearly', { startYear: 2022, endYear: 2024 }, '2027-03-01'))).toEqual([
      '2022',
      '2023',
      '2024',
    ])
    expect(endedPeriods('monthly', { startYear: 2023, endYear: 2023 }, '2026-01-01')).toHaveLength(12)
  })

  it('has nothing before the plan starts or for an empty horizon', () => {
    expect(endedPeriods('monthly', { startYear: 2025, endYear: 2027 }, '2024-12-31')).toEqual([])
    expect(endedPeriods('monthly', { startYear: 2025, endYear: 2025 }, '2025-01-30')).toEqual([])
    expect(endedPeriods('yearly', { startYear: 2025, endYear: 2024 }, '2030-01-01')).toEqual([])
  })

  it('gives each period its Asia/Shanghai calendar end', () => {
    const [q1] = endedPeriods('quarterly', { startYear: 2024, endYear: 2024 }, '2024-12-31')
    expect(q1).toMatchObject({ key: '2024-Q1', end: '2024-03-31' })
  })
})
