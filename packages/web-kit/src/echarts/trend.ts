import type { Indicator, ObservationPeriod } from '@cockpit/contracts'
import { pathPoints, type IndicatorSpec } from '@cockpit/domain'
import type { EChartsCoreOption } from 'echarts/core'
import { formatValue } from '../format.js'

type TrendIndicator = Pick<Indicator, 'direction' | 'measure' | 'baseline' | 'targets' | 'unit' | 'status'>
type TrendPeriod = Pick<ObservationPeriod, 'periodEnd' | 'value'>

/** Text and axis styles: the wall screen draws on dark glass, the portal on white paper. */
export interface TrendTheme {
  compact?: boolean
  text: { color: string; fontFamily: string; fontSize: number }
  axisLine: object
  splitLine: object
}
export const lightTheme: TrendTheme = {
  text: { color: '#374151', fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans SC", sans-serif', fontSize: 13 },
  axisLine: { lineStyle: { color: '#cbd5e1' } },
  splitLine: { lineStyle: { color: '#eef2f7' } },
}

/** The domain's view of an indicator's targets, for the expected path (序时进度). */
export const specOf = (i: Pick<Indicator, 'direction' | 'measure' | 'baseline' | 'targets'>): IndicatorSpec => ({
  direction: i.direction,
  measure: i.measure,
  baseline: i.baseline ? { date: `${i.baseline.year}-12-31`, value: i.baseline.value } : null,
  targets: i.targets.map((t) => ({
    dueDate: t.dueDate,
    comparator: t.comparator,
    value: t.value,
    valueMax: t.valueMax,
  })),
})

/** Actual values, the expected path (序时进度) to the target, the target itself and the forecast. */
export function trendOption(
  i: TrendIndicator,
  periods: TrendPeriod[] | undefined,
  today: string,
  theme: TrendTheme = lightTheme,
): EChartsCoreOption {
  const { compact = false, text: chartText, axisLine, splitLine } = theme
  // A period whose only value waits for review has nothing that counts yet: it is not drawn.
  const counted = (periods ?? []).filter((p): p is typeof p & { value: number } => p.value !== null)
  const actual = counted.map((p) => [p.periodEnd, p.value] as [string, number])
  const first = counted[0]
  const path = pathPoints(specOf(i), first ? { periodEnd: first.periodEnd, value: first.value } : null).map(
    (p) => [p.date, p.value] as [string, number],
  )
  const finalTarget = [...i.targets].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).at(-1)
  const last = actual.at(-1)
  const forecast =
    last && finalTarget && i.status.forecast !== null
      ? [last, [finalTarget.dueDate, i.status.forecast] as [string, number]]
      : []
  const fmt = (v: number) => formatValue(v, i.unit)
  return {
    textStyle: chartText,
    animationDurationUpdate: 600,
    grid: { left: 8, right: 24, top: compact ? 40 : 56, bottom: 8, containLabel: true },
    legend: {
      top: compact ? 4 : 12,
      right: 8,
      textStyle: { ...chartText, fontSize: compact ? 14 : 16 },
      data: ['实际值', '序时进度', '预测'],
    },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '—') },
    xAxis: {
      type: 'time',
      axisLabel: { ...chartText, fontSize: 14, hideOverlap: true },
      axisLine,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { ...chartText, fontSize: 14, formatter: (v: number) => fmt(v) },
      splitLine,
      axisLine,
    },
    series: [
      {
        name: '实际值',
        type: 'line',
        data: actual,
        symbolSize: 8,
        lineStyle: { width: 3, color: '#38bdf8' },
        itemStyle: { color: '#38bdf8' },
        areaStyle: { color: 'rgba(56,189,248,0.12)' },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            {
              xAxis: today,
              lineStyle: { color: 'rgba(250,204,21,0.6)', type: 'dashed' },
              label: { formatter: '今日', color: '#facc15', fontSize: 14 },
            },
            ...(finalTarget
              ? [
                  {
                    yAxis: finalTarget.value,
                    lineStyle: { color: '#22c55e', type: 'solid' },
                    label: {
                      formatter: `目标 ${finalTarget.label}`,
                      color: '#22c55e',
                      fontSize: 14,
                      position: 'insideEndTop',
                    },
                  },
                ]
              : []),
          ],
        },
      },
      {
        name: '序时进度',
        type: 'line',
        data: path,
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: '#facc15' },
        itemStyle: { color: '#facc15' },
      },
      {
        name: '预测',
        type: 'line',
        data: forecast,
        symbol: 'emptyCircle',
        symbolSize: 7,
        lineStyle: { width: 2, type: 'dotted', color: '#a78bfa' },
        itemStyle: { color: '#a78bfa' },
      },
    ],
  }
}
