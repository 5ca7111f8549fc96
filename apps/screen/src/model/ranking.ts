import { formatValue, statusColors } from '@cockpit/web-kit'
import type { EChartsCoreOption } from 'echarts/core'
import { axisLine, chartText } from './charts.js'
import type { ScreenRanking } from './types.js'

/** How many places one ranking panel shows: a province has 13 cities, a wall panel fits about that many bars. */
export const RANKING_ROWS = 14

/** The rankings worth a panel (two places or more with a value): the most places reported first, then the plan's order. */
export function rankingsToShow(items: ScreenRanking[], panels: number): ScreenRanking[] {
  const reported = (r: ScreenRanking) => r.rows.filter((x) => x.latestValue !== null).length
  return items
    .filter((r) => reported(r) >= 2)
    .map((r, n) => ({ r, n }))
    .sort((a, b) => reported(b.r) - reported(a.r) || a.n - b.n)
    .slice(0, panels)
    .map((x) => x.r)
}

/** One indicator's places as ranked bars (best at the top), coloured by each place's status; unreported last. */
export function rankingOption(r: ScreenRanking): EChartsCoreOption {
  const rows = r.rows.slice(0, RANKING_ROWS)
  const label = (x: (typeof rows)[number]) => `${x.rank ?? '—'}  ${x.name}`
  return {
    textStyle: chartText,
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const x = rows[ps[0]?.dataIndex ?? 0]
        if (!x) return ''
        const gap = x.gapRatio === null ? '—' : `${x.gapRatio >= 0 ? '+' : ''}${(x.gapRatio * 100).toFixed(1)}%`
        const onTime =
          x.onTime.rate === null ? '—' : `${Math.round(x.onTime.rate * 100)}%(${x.onTime.onTime}/${x.onTime.due})`
        return `${x.name}<br/>最新值 ${formatValue(x.latestValue, r.unit)} · ${x.statusLabel}<br/>与序时进度 ${gap} · 按时报送 ${onTime}`
      },
    },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map(label),
      axisLabel: { ...chartText, width: 150, overflow: 'truncate' },
      axisLine,
    },
    series: [
      {
        type: 'bar',
        barWidth: 14,
        // A place that never reported gets an empty bar that still carries its label (ECharts draws no label for null).
        data: rows.map((x) =>
          x.latestValue === null
            ? { value: 0, itemStyle: { color: 'transparent' }, label: { formatter: '未报送', color: '#94a3b8' } }
            : { value: x.latestValue, itemStyle: { color: statusColors[x.status] } },
        ),
        label: {
          show: true,
          position: 'right',
          color: '#e2e8f0',
          formatter: (p: { value: number }) => formatValue(p.value, r.unit),
        },
        itemStyle: { borderRadius: [0, 7, 7, 0] },
        showBackground: true,
        backgroundStyle: { color: 'rgba(148,163,184,0.08)', borderRadius: [0, 7, 7, 0] },
      },
    ],
  }
}
