import { describe, expect, it } from 'vitest'
import { calendarWindows, furthestBehind, groupProgress, hasPlanBelow, watchIndicators } from './overview.js'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

const ind = (
  id: number,
  status: ScreenIndicator['status']['status'],
  gapRatio: number | null,
  completion: number | null = null,
  timeProgress: number | null = null,
) => ({ id, status: { status, gapRatio, completion, timeProgress } }) as ScreenIndicator

describe('what the overview puts first', () => {
  it('lists off-track before at-risk, larger gaps first, and never a healthy indicator', () => {
    const list = furthestBehind(
      [
        ind(1, 'at-risk', -0.4),
        ind(2, 'off-track', -0.1),
        ind(3, 'off-track', -0.3),
        ind(4, 'on-track', -0.9),
        ind(5, 'no-data', null),
      ],
      10,
    )
    expect(list.map((i) => i.id)).toEqual([3, 2, 1])
  })
  it('caps completion at 100% so one overshooting indicator does not hide the others', () => {
    const p = groupProgress([
      ind(1, 'achieved', 0, 1.6, 1),
      ind(2, 'off-track', -0.5, 0.2, 0.6),
      ind(3, 'no-data', null),
    ])
    expect(p.completion).toBeCloseTo(0.6)
    expect(p.timeProgress).toBeCloseTo(0.8)
    expect(p.counts).toMatchObject({ achieved: 1, 'off-track': 1, 'no-data': 1 })
  })
  it('watches binding indicators, or, where a plan classifies none, those with data furthest from done', () => {
    const binding = { ...ind(1, 'on-track', 0, 0.9), nature: 'binding' } as ScreenIndicator
    expect(watchIndicators([ind(2, 'off-track', -0.5, 0.1), binding], 5).map((i) => i.id)).toEqual([1])
    expect(
      watchIndicators([ind(2, 'on-track', 0, 0.8), ind(3, 'no-data', null), ind(4, 'off-track', -0.5, 0.2)], 5).map(
        (i) => i.id,
      ),
    ).toEqual([4, 2])
  })
  it('moves "this month" and "this quarter" when the day changes, with no reload', () => {
    expect(calendarWindows('2024-03-31')).toMatchObject({
      monthKey: '2024-03',
      quarterKey: '2024-Q1',
      label: '2024年3月',
    })
    expect(calendarWindows('2024-04-01')).toMatchObject({
      monthKey: '2024-04',
      quarterKey: '2024-Q2',
      quarterLabel: '2024年第二季度',
    })
    expect(calendarWindows('2025-01-01')).toMatchObject({ year: 2025, quarter: 1 })
  })
})

describe('rotation through child jurisdictions', () => {
  const j = (
    code: string,
    extra: Partial<ScreenJurisdiction> = {},
    children: ScreenJurisdiction[] = [],
  ): ScreenJurisdiction => ({
    code,
    name: code,
    level: 'city',
    parentCode: null,
    indicatorCount: 0,
    planCount: 0,
    children,
    ...extra,
  })
  it('visits only the regions with a plan or an indicator on or below them, not every county of the tree', () => {
    const kids = [
      j('511700', {}, [j('511724', { planCount: 1 }), j('511722')]),
      j('510100', {}, [j('510104')]),
      j('510300', { indicatorCount: 2 }),
    ]
    expect(kids.filter(hasPlanBelow).map((k) => k.code)).toEqual(['511700', '510300'])
  })
})
