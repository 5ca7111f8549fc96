import type { ScreenRanking } from '../types.js'

type Row = ScreenRanking['rows'][number]

/** A place's row of a ranking, as the API answers it; what a test does not give is empty. */
export const rankingRow = (
  name: string,
  rank: number | null,
  latestValue: number | null,
  extra: Partial<Row> = {},
): Row => ({
  code: name,
  name,
  rank,
  ranks: { value: rank, gap: null, onTime: null },
  status: latestValue === null ? 'no-data' : 'on-track',
  statusLabel: latestValue === null ? '暂无数据' : '进度正常',
  latestValue,
  latestPeriodKey: null,
  expected: null,
  gapRatio: null,
  onTime: { due: 0, onTime: 0, rate: null },
  ...extra,
})

/** One indicator's ranking across 江苏's cities. */
export const ranking = (id: number, rows: Row[], extra: Partial<ScreenRanking> = {}): ScreenRanking => ({
  indicatorId: id,
  indicatorName: `指标${id}`,
  unit: '%',
  direction: 'higher',
  parentCode: '320000',
  parentName: '江苏省',
  by: 'value',
  asOf: '2024-06-30',
  onTimeWindow: [],
  rows,
  ...extra,
})
