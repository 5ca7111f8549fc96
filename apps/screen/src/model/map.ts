import type { GeoShape, IndicatorStatus } from '@cockpit/contracts'
import { formatNumber, formatRatio, formatValue, statusColors, statusLabelFor } from '@cockpit/web-kit'
import type { EChartsCoreOption } from 'echarts/core'
import { worstStatus } from './hierarchy.js'
import { statusOrder } from './overview.js'
import type { ScreenIndicator, ScreenJurisdiction, ScreenRanking } from './types.js'

/**
 * What the map needs of an indicator at a place: a row of the indicator list (a place's own plan), or a
 * parent's indicator as a place below reports it (a row of the rankings).
 */
export type MapIndicator = Pick<ScreenIndicator, 'jurisdictionCode' | 'name' | 'unit'> & {
  status: Pick<ScreenIndicator['status'], 'status' | 'latestValue' | 'gap'>
}

/**
 * The parent's indicators as the places below it report them (GET /api/v1/rankings): one row per place with a
 * value, so a value reported for 南京市 of 江苏's indicator counts for 南京市 on 江苏's map.
 */
export function reportedBelow(rankings: ScreenRanking[]): MapIndicator[] {
  return rankings.flatMap((r) =>
    r.rows
      .filter((x) => x.latestValue !== null)
      .map((x) => ({
        jurisdictionCode: x.code,
        name: r.indicatorName,
        unit: r.unit,
        status: {
          status: x.status,
          latestValue: x.latestValue,
          gap: x.latestValue !== null && x.expected !== null ? x.latestValue - x.expected : null,
        },
      })),
  )
}

/** How the map colours the children: worst status, share on track, or one indicator's value or gap to the path. */
export type MapMode = 'worst' | 'share' | 'indicator'
export type IndicatorMeasure = 'value' | 'gap'

export interface ChildStats {
  code: string
  name: string
  /** Whether the wall can drill into it (it has children of its own). */
  hasChildren: boolean
  total: number
  counts: Record<IndicatorStatus, number>
  worst: IndicatorStatus
  /** (达标 + 正常推进) / indicators with data; null when none has data. */
  onTrackShare: number | null
}

const emptyCounts = (): Record<IndicatorStatus, number> => ({
  achieved: 0,
  'on-track': 0,
  'at-risk': 0,
  'off-track': 0,
  'no-data': 0,
})

/** Indicators by the child of `children` whose subtree holds their jurisdiction (a child's own included). */
export function indicatorsByChild<T extends MapIndicator>(
  children: ScreenJurisdiction[],
  indicators: T[],
): Map<string, T[]> {
  const owner = new Map<string, string>()
  const walk = (n: ScreenJurisdiction, top: string) => {
    owner.set(n.code, top)
    for (const c of n.children) walk(c, top)
  }
  for (const c of children) walk(c, c.code)
  const out = new Map<string, T[]>(children.map((c) => [c.code, []]))
  for (const i of indicators) {
    const top = owner.get(i.jurisdictionCode)
    if (top) out.get(top)!.push(i)
  }
  return out
}

/** Per child: indicators by status over its whole subtree, the worst one, and the share on track. */
export function childStats(children: ScreenJurisdiction[], indicators: MapIndicator[]): ChildStats[] {
  const byChild = indicatorsByChild(children, indicators)
  return children.map((c) => {
    const items = byChild.get(c.code) ?? []
    const counts = emptyCounts()
    for (const i of items) counts[i.status.status]++
    const withData = items.length - counts['no-data']
    return {
      code: c.code,
      name: c.name,
      hasChildren: c.children.length > 0,
      total: items.length,
      counts,
      worst: worstStatus(items),
      onTrackShare: withData > 0 ? (counts.achieved + counts['on-track']) / withData : null,
    }
  })
}

export interface IndicatorChoice {
  /** Indicators are matched across children by name and unit (each jurisdiction has its own row). */
  key: string
  name: string
  unit: string
  /** Children with a value of it. */
  children: number
}

const choiceKey = (i: MapIndicator) => `${i.name}|${i.unit}`

/** Indicators a choropleth can show: those reported somewhere below at least one child, most widely reported first. */
export function indicatorChoices(children: ScreenJurisdiction[], indicators: MapIndicator[]): IndicatorChoice[] {
  const byChild = indicatorsByChild(children, indicators)
  const found = new Map<string, IndicatorChoice>()
  for (const items of byChild.values()) {
    const seen = new Set<string>()
    for (const i of items) {
      const key = choiceKey(i)
      if (seen.has(key)) continue
      seen.add(key)
      const c = found.get(key) ?? { key, name: i.name, unit: i.unit, children: 0 }
      c.children++
      found.set(key, c)
    }
  }
  return [...found.values()].sort((a, b) => b.children - a.children || a.name.localeCompare(b.name, 'zh-CN'))
}

/**
 * One indicator's figure per child: the child's own indicator of that name, else the one nearest to it below
 * (shortest code path, then code). `gap` is the distance to 序时进度 (latest minus expected).
 */
export function indicatorValues(
  children: ScreenJurisdiction[],
  indicators: MapIndicator[],
  key: string,
  measure: IndicatorMeasure,
): Map<string, { value: number | null; indicator: MapIndicator }> {
  const byChild = indicatorsByChild(children, indicators)
  const out = new Map<string, { value: number | null; indicator: MapIndicator }>()
  for (const c of children) {
    const pick = (byChild.get(c.code) ?? [])
      .filter((i) => choiceKey(i) === key)
      .sort((a, b) =>
        a.jurisdictionCode === c.code
          ? -1
          : b.jurisdictionCode === c.code
            ? 1
            : a.jurisdictionCode.localeCompare(b.jurisdictionCode),
      )[0]
    if (!pick) continue
    out.set(c.code, { value: measure === 'value' ? pick.status.latestValue : pick.status.gap, indicator: pick })
  }
  return out
}

export interface MapView {
  /** The name the shapes are registered under (`registerMap`). */
  mapName: string
  shape: GeoShape
  stats: ChildStats[]
  mode: MapMode
  indicator?: {
    choice: IndicatorChoice
    measure: IndicatorMeasure
    values: Map<string, { value: number | null; indicator: MapIndicator }>
  }
}

const countsLine = (s: ChildStats) =>
  statusOrder
    .filter((k) => s.counts[k] > 0)
    .map((k) => `${statusLabelFor(k)} ${s.counts[k]}`)
    .join(' · ') || '暂无指标'

/** Tooltip text for one child (plain text lines; the wall's tooltip renders them escaped). */
export function tooltipLines(s: ChildStats, view: Pick<MapView, 'mode' | 'indicator'>): string[] {
  const lines = [
    s.name,
    `指标 ${s.total} 项:${countsLine(s)}`,
    `最差状态:${statusLabelFor(s.worst)}`,
    `达标/正常推进占比:${formatRatio(s.onTrackShare)}`,
  ]
  if (view.mode === 'indicator' && view.indicator) {
    const hit = view.indicator.values.get(s.code)
    const u = view.indicator.choice.unit
    lines.push(
      `${view.indicator.choice.name}:${hit ? (view.indicator.measure === 'value' ? formatValue(hit.value, u) : hit.value === null ? '—' : `${hit.value >= 0 ? '+' : ''}${formatNumber(hit.value)}${u}(与序时进度)`) : '无此指标'}`,
    )
  }
  if (s.hasChildren) lines.push('点击下钻')
  return lines
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const NO_DATA = 'rgba(100,116,139,0.55)'

/** The ECharts option of the map: one region per child keyed by adcode (`nameProperty`), coloured by the mode. */
export function mapOption(view: MapView): EChartsCoreOption {
  const byCode = new Map(view.stats.map((s) => [s.code, s]))
  const schematic = view.shape.source === 'schematic'
  let visualMap: Record<string, unknown> | undefined
  const data = view.stats.map((s) => {
    let value: number | null = null
    let color: string | undefined
    if (view.mode === 'worst') color = s.total ? statusColors[s.worst] : NO_DATA
    else if (view.mode === 'share') value = s.onTrackShare === null ? null : Math.round(s.onTrackShare * 1000) / 10
    else value = view.indicator?.values.get(s.code)?.value ?? null
    return {
      name: s.code,
      value: value ?? undefined,
      ...(color ? { itemStyle: { areaColor: color } } : value === null ? { itemStyle: { areaColor: NO_DATA } } : {}),
    }
  })
  if (view.mode === 'share') {
    visualMap = {
      type: 'continuous',
      min: 0,
      max: 100,
      text: ['100%', '0%'],
      calculable: false,
      inRange: { color: ['#ef4444', '#f59e0b', '#38bdf8', '#22c55e'] },
    }
  } else if (view.mode === 'indicator' && view.indicator) {
    const vals = [...view.indicator.values.values()].map((v) => v.value).filter((v): v is number => v !== null)
    const lo = vals.length ? Math.min(...vals) : 0
    const hi = vals.length ? Math.max(...vals) : 1
    const u = view.indicator.choice.unit
    // A gap is good above zero and bad below: a diverging scale centred on it.
    const gap = view.indicator.measure === 'gap'
    const span = Math.max(Math.abs(lo), Math.abs(hi), 1e-9)
    const [min, max] = gap ? [-span, span] : lo === hi ? [lo - 1, hi + 1] : [lo, hi]
    visualMap = {
      type: 'continuous',
      min,
      max,
      text: [`${formatNumber(max)}${u}`, `${formatNumber(min)}${u}`],
      calculable: false,
      inRange: { color: gap ? ['#ef4444', '#f8fafc', '#22c55e'] : ['#0c4a6e', '#38bdf8', '#e0f2fe'] },
    }
  }
  return {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      backgroundColor: 'rgba(15,23,42,0.94)',
      borderColor: 'rgba(56,189,248,0.5)',
      textStyle: { color: '#e2e8f0', fontSize: 18, fontFamily: '"Noto Sans SC", sans-serif' },
      formatter: (p: { name: string }) => {
        const s = byCode.get(p.name)
        if (!s) return ''
        const [title, ...rest] = tooltipLines(s, view).map(escapeHtml)
        return `<b>${title}</b><br/>${rest.join('<br/>')}`
      },
    },
    ...(visualMap
      ? {
          visualMap: {
            ...visualMap,
            left: 24,
            bottom: 24,
            itemHeight: 180,
            textStyle: { color: '#cbd5e1', fontSize: 15 },
            seriesIndex: 0,
          },
        }
      : {}),
    series: [
      {
        id: 'map',
        type: 'map',
        map: view.mapName,
        nameProperty: 'adcode',
        // The schematic is a planar tile grid: keep squares square; real shapes get ECharts' latitude correction.
        aspectScale: schematic ? 1 : 0.75,
        layoutCenter: ['50%', '52%'],
        layoutSize: '92%',
        roam: false,
        selectedMode: false,
        label: {
          show: true,
          color: '#f8fafc',
          fontSize: view.stats.length > 60 ? 12 : view.stats.length > 24 ? 14 : 18,
          fontFamily: '"Noto Sans SC", sans-serif',
          textBorderColor: 'rgba(15,23,42,0.9)',
          textBorderWidth: 3,
          formatter: (p: { name: string }) => byCode.get(p.name)?.name ?? p.name,
        },
        itemStyle: { areaColor: NO_DATA, borderColor: '#0f172a', borderWidth: 1.5 },
        emphasis: {
          label: { color: '#fff' },
          itemStyle: { areaColor: '#facc15', borderColor: '#fff', borderWidth: 2 },
        },
        data,
      },
    ],
  }
}

/** The corner note: the schematic says it is not geography; an approved file names its 审图号. */
export function shapeNote(shape: Pick<GeoShape, 'source' | 'approvalNo'>): string {
  if (shape.source === 'schematic') return '示意图(方块排布,非地理边界)'
  if (shape.source === 'approved') return shape.approvalNo ? `审图号 ${shape.approvalNo}` : '审定边界(未填审图号)'
  return '随附边界文件'
}

/** Legend rows of the worst-status mode. */
export const statusLegend = statusOrder.map((s) => ({ status: s, label: statusLabelFor(s), color: statusColors[s] }))
