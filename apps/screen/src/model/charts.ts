import { formatPeriod, statusColors, statusLabelFor } from '@cockpit/web-kit'
import { trendOption as sharedTrendOption } from '@cockpit/web-kit/echarts'
import type { EChartsCoreOption } from 'echarts/core'
import { statusOrder, type PillarProgress } from './overview.js'
import { completionSegments, taskStateColors, type CompletionRow } from './tasks.js'
import type { ScreenIndicator, ScreenObservations, ScreenRate } from './types.js'

export const chartText = { color: '#cbd5e1', fontFamily: '"Noto Sans SC", sans-serif', fontSize: 16 }
export const axisLine = { lineStyle: { color: 'rgba(148,163,184,0.35)' } }
const splitLine = { lineStyle: { color: 'rgba(148,163,184,0.12)' } }
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)

/** Completion against 序时进度 per plan chapter: bars for done, a marker for where time says it should be. */
export function pillarBarsOption(groups: PillarProgress[]): EChartsCoreOption {
  const names = groups.map((g) => g.name)
  return {
    textStyle: chartText,
    grid: { left: 16, right: 56, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, right: 8, textStyle: chartText, data: ['完成度', '序时进度'] },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) },
    xAxis: { type: 'value', max: 100, axisLabel: { ...chartText, formatter: '{value}%' }, splitLine, axisLine },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true,
      axisLabel: { ...chartText, fontSize: 17, width: 150, overflow: 'truncate' },
      axisLine,
    },
    series: [
      {
        name: '完成度',
        type: 'bar',
        barWidth: 18,
        data: groups.map((g) => ({ value: pct(g.completion), itemStyle: { color: barColor(g) } })),
        label: {
          show: true,
          position: 'right',
          color: '#e2e8f0',
          fontSize: 16,
          formatter: (p: { value: number | null }) => (p.value === null ? '暂无' : `${p.value}%`),
        },
        itemStyle: { borderRadius: [0, 9, 9, 0] },
      },
      {
        name: '序时进度',
        type: 'scatter',
        data: groups.map((g) => pct(g.timeProgress)),
        symbol: 'rect',
        symbolSize: [4, 28],
        itemStyle: { color: '#facc15' },
        z: 3,
      },
    ],
  }
}
const barColor = (g: PillarProgress) => {
  if (g.completion === null) return statusColors['no-data']
  if (g.timeProgress === null || g.completion >= g.timeProgress) return statusColors['on-track']
  return g.completion >= g.timeProgress * 0.9 ? statusColors['at-risk'] : statusColors['off-track']
}

/** Indicators by status as a ring, the total in the middle. */
export function statusRingOption(counts: Record<string, number>, total: number, title: string): EChartsCoreOption {
  return {
    textStyle: chartText,
    title: {
      text: String(total),
      subtext: title,
      left: 'center',
      top: '36%',
      textStyle: { color: '#f8fafc', fontSize: 44, fontWeight: 600, fontFamily: chartText.fontFamily },
      subtextStyle: { ...chartText, fontSize: 16 },
    },
    tooltip: { trigger: 'item', formatter: '{b}:{c} 项({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['62%', '82%'],
        avoidLabelOverlap: true,
        label: { show: false },
        itemStyle: { borderColor: '#0b1628', borderWidth: 3 },
        data: statusOrder.map((s) => ({
          name: statusLabelFor(s),
          value: counts[s] ?? 0,
          itemStyle: { color: statusColors[s] },
        })),
      },
    ],
  }
}

/** The shared trend chart (web-kit), in the wall's dark theme and type sizes. */
export const trendOption = (
  i: ScreenIndicator,
  periods: ScreenObservations | undefined,
  today: string,
  compact = false,
): EChartsCoreOption => sharedTrendOption(i, periods, today, { compact, text: chartText, axisLine, splitLine })

/** Departments by on-time reporting rate, best first. */
export function ratesOption(items: ScreenRate[]): EChartsCoreOption {
  const rows = items.filter((r) => r.rate !== null).slice(0, 12)
  return {
    textStyle: chartText,
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    xAxis: { type: 'value', max: 100, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.departmentName ?? '—'),
      axisLabel: { ...chartText, width: 190, overflow: 'truncate' },
      axisLine,
    },
    series: [
      {
        type: 'bar',
        barWidth: 14,
        data: rows.map((r) => ({
          value: pct(r.rate),
          itemStyle: {
            color:
              (r.rate ?? 0) >= 0.9
                ? statusColors.achieved
                : (r.rate ?? 0) >= 0.6
                  ? statusColors['at-risk']
                  : statusColors['off-track'],
          },
        })),
        label: { show: true, position: 'right', color: '#e2e8f0', formatter: '{c}%' },
        itemStyle: { borderRadius: [0, 7, 7, 0] },
        showBackground: true,
        backgroundStyle: { color: 'rgba(148,163,184,0.08)', borderRadius: [0, 7, 7, 0] },
      },
    ],
  }
}

/** One indicator across jurisdictions: latest value, expected value by path, target. */
export function compareOption(items: ScreenIndicator[]): EChartsCoreOption {
  const names = items.map((i) => i.jurisdictionName)
  return {
    textStyle: chartText,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: chartText, data: ['最新值', '序时进度', '目标'] },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    xAxis: { type: 'category', data: names, axisLabel: { ...chartText, interval: 0 }, axisLine },
    yAxis: { type: 'value', max: 100, axisLabel: { ...chartText, formatter: '{value}%' }, splitLine },
    series: [
      {
        name: '最新值',
        type: 'bar',
        barWidth: 26,
        data: items.map((i) => ({ value: i.status.latestValue, itemStyle: { color: statusColors[i.status.status] } })),
        label: {
          show: true,
          position: 'top',
          color: '#e2e8f0',
          formatter: (p: { value: number | null }) => (p.value === null ? '暂无' : `${p.value}%`),
        },
      },
      {
        name: '序时进度',
        type: 'bar',
        barWidth: 26,
        data: items.map((i) => i.status.expected),
        itemStyle: { color: 'rgba(250,204,21,0.45)' },
      },
      {
        name: '目标',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [40, 4],
        data: items.map((i) => i.targets.at(-1)?.value ?? null),
        itemStyle: { color: '#22c55e' },
      },
    ],
  }
}

export interface HierarchyNode {
  name: string
  code: string
  status: keyof typeof statusColors
  value: number
  children?: HierarchyNode[]
  collapsed?: boolean
}

/**
 * Tasks and milestones per group as one bar of the total: completed on time, completed late, overdue, still
 * open; the label says how many of the total are complete.
 */
export function completionBarsOption(rows: CompletionRow[]): EChartsCoreOption {
  const segs = rows.map(completionSegments)
  const series = [
    { name: '按期完成', color: taskStateColors.done, values: segs.map((s) => s.onTime) },
    { name: '逾期完成', color: taskStateColors['done-late'], values: segs.map((s) => s.late) },
    { name: '逾期未完成', color: taskStateColors.overdue, values: segs.map((s) => s.overdue) },
    { name: '未完成', color: 'rgba(148,163,184,0.35)', values: segs.map((s) => s.open) },
  ]
  return {
    textStyle: chartText,
    grid: { left: 8, right: 96, top: 36, bottom: 4, containLabel: true },
    legend: {
      top: 0,
      right: 8,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { ...chartText, fontSize: 15 },
      data: series.map((s) => s.name),
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${v} 项` },
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLabel: { ...chartText, fontSize: 16, width: 200, overflow: 'truncate' },
      axisLine,
    },
    series: series.map((s, k) => ({
      name: s.name,
      type: 'bar',
      stack: 'total',
      barWidth: 16,
      data: s.values,
      itemStyle: { color: s.color },
      // The last segment carries the row's figure past the bar's end.
      label:
        k === series.length - 1
          ? {
              show: true,
              position: 'right',
              color: '#e2e8f0',
              fontSize: 15,
              formatter: (p: { dataIndex: number }) =>
                `${(segs[p.dataIndex]?.onTime ?? 0) + (segs[p.dataIndex]?.late ?? 0)}/${segs[p.dataIndex]?.total ?? 0}`,
            }
          : { show: false },
    })),
  }
}

export const periodLabel = formatPeriod
