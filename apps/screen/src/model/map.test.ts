import type { GeoShape } from '@cockpit/contracts'
import { schematicTiles } from '@cockpit/domain'
import { echarts } from '@cockpit/web-kit/echarts'
import { SVGRenderer } from 'echarts/renderers'
import { describe, expect, it } from 'vitest'
import {
  childStats,
  indicatorChoices,
  indicatorValues,
  mapOption,
  reportedBelow,
  shapeNote,
  tooltipLines,
} from './map.js'
import { ranking, rankingRow } from './testing/rankings.js'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

const j = (code: string, name: string, children: ScreenJurisdiction[] = []): ScreenJurisdiction => ({
  code,
  name,
  level: 'city',
  parentCode: null,
  indicatorCount: 0,
  planCount: 0,
  children,
})
type Status = ScreenIndicator['status']['status']
const ind = (
  id: number,
  code: string,
  status: Status,
  extra: { name?: string; latestValue?: number | null; gap?: number | null } = {},
) =>
  ({
    id,
    jurisdictionCode: code,
    name: extra.name ?? `指标${id}`,
    unit: '%',
    status: { status, latestValue: extra.latestValue ?? null, gap: extra.gap ?? null },
  }) as ScreenIndicator

const province = j('360000', '江西省', [
  j('360100', '南昌市', [j('360102', '东湖区'), j('360121', '南昌县')]),
  j('360200', '景德镇市'),
  j('360300', '萍乡市'),
])
const kids = province.children
const indicators = [
  ind(1, '360100', 'on-track', { name: '政务服务一网通办率', latestValue: 90, gap: 2 }),
  ind(2, '360121', 'off-track', { name: '政务服务一网通办率', latestValue: 70, gap: -8 }),
  ind(3, '360102', 'achieved'),
  ind(4, '360200', 'at-risk', { name: '政务服务一网通办率', latestValue: 80, gap: -1 }),
  ind(5, '360200', 'no-data'),
  ind(6, '330100', 'off-track'),
]

describe('map colouring and counts per child', () => {
  it("counts each child's indicators by status over its whole subtree, with the worst and the share on track", () => {
    const [nc, jdz, px] = childStats(kids, indicators)
    expect(nc).toMatchObject({
      code: '360100',
      name: '南昌市',
      hasChildren: true,
      total: 3,
      worst: 'off-track',
      counts: { 'on-track': 1, 'off-track': 1, achieved: 1, 'at-risk': 0, 'no-data': 0 },
    })
    expect(nc!.onTrackShare).toBeCloseTo(2 / 3)
    // no-data is left out of the share: a place is not off track for a value not yet due.
    expect(jdz).toMatchObject({ total: 2, worst: 'at-risk', onTrackShare: 0, hasChildren: false })
    expect(px).toMatchObject({ total: 0, worst: 'no-data', onTrackShare: null })
  })

  it('offers indicators reported below the children, most widely reported first, and picks the child’s own value', () => {
    const choices = indicatorChoices(kids, indicators)
    expect(choices[0]).toMatchObject({ name: '政务服务一网通办率', unit: '%', children: 2 })
    const values = indicatorValues(kids, indicators, choices[0]!.key, 'value')
    expect(values.get('360100')!.value).toBe(90)
    expect(values.get('360200')!.value).toBe(80)
    expect(values.has('360300')).toBe(false)
    expect(indicatorValues(kids, indicators, choices[0]!.key, 'gap').get('360200')!.value).toBe(-1)
  })

  it('keys regions by adcode and colours them by worst status, with names as labels and counts in the tooltip', () => {
    const shape: GeoShape = {
      adcode: '360000',
      name: '江西省',
      source: 'schematic',
      features: schematicTiles(kids) as GeoShape['features'],
    }
    const stats = childStats(kids, indicators)
    const opt = mapOption({ mapName: 'geo-360000-1', shape, stats, mode: 'worst' }) as {
      series: {
        nameProperty: string
        aspectScale: number
        data: { name: string; itemStyle?: { areaColor: string } }[]
        label: { formatter: (p: { name: string }) => string }
      }[]
      tooltip: { formatter: (p: { name: string }) => string }
      visualMap?: unknown
    }
    const series = opt.series[0]!
    expect(series.nameProperty).toBe('adcode')
    expect(series.aspectScale).toBe(1)
    expect(series.data.map((d) => d.name)).toEqual(['360100', '360200', '360300'])
    expect(series.data[0]!.itemStyle!.areaColor).toBe('#ef4444')
    expect(series.data[1]!.itemStyle!.areaColor).toBe('#f59e0b')
    expect(series.label.formatter({ name: '360200' })).toBe('景德镇市')
    expect(opt.tooltip.formatter({ name: '360100' })).toContain('<b>南昌市</b>')
    expect(opt.tooltip.formatter({ name: '360100' })).toContain('指标 3 项')
    expect(opt.visualMap).toBeUndefined()
    expect(tooltipLines(stats[0]!, { mode: 'worst' })).toContain('点击下钻')
    expect(tooltipLines(stats[1]!, { mode: 'worst' })).not.toContain('点击下钻')
  })

  it('uses a visual map for share on track and for one indicator (a diverging scale for the gap)', () => {
    const shape: GeoShape = {
      adcode: '360000',
      name: '江西省',
      source: 'approved',
      approvalNo: '赣S(2024)001号',
      features: schematicTiles(kids) as GeoShape['features'],
    }
    const stats = childStats(kids, indicators)
    const share = mapOption({ mapName: 'm', shape, stats, mode: 'share' }) as {
      visualMap: { min: number; max: number }
      series: { aspectScale: number; data: { value?: number }[] }[]
    }
    expect(share.visualMap).toMatchObject({ min: 0, max: 100 })
    expect(share.series[0]!.data[0]!.value).toBeCloseTo(66.7)
    expect(share.series[0]!.aspectScale).toBe(0.75)
    const choice = indicatorChoices(kids, indicators)[0]!
    const gap = mapOption({
      mapName: 'm',
      shape,
      stats,
      mode: 'indicator',
      indicator: { choice, measure: 'gap', values: indicatorValues(kids, indicators, choice.key, 'gap') },
    }) as { visualMap: { min: number; max: number } }
    expect(gap.visualMap).toMatchObject({ min: -2, max: 2 })
    const lines = tooltipLines(stats[1]!, {
      mode: 'indicator',
      indicator: { choice, measure: 'gap', values: indicatorValues(kids, indicators, choice.key, 'gap') },
    })
    expect(lines.at(-1)).toBe('政务服务一网通办率:-1%(与序时进度)')
  })

  it('says in the corner whether the map is a schematic or an approved map', () => {
    expect(shapeNote({ source: 'schematic' })).toContain('示意图')
    expect(shapeNote({ source: 'approved', approvalNo: 'GS(2024)1号' })).toBe('审图号 GS(2024)1号')
  })

  it('draws through the one registration module: a region per child found by adcode, labelled by name, square tiles', () => {
    // Server-side rendering to SVG stands in for the canvas; MapChart, GeoComponent and VisualMapComponent come from register.ts.
    echarts.use([SVGRenderer])
    const shape: GeoShape = {
      adcode: '360000',
      name: '江西省',
      source: 'schematic',
      features: schematicTiles(kids) as GeoShape['features'],
    }
    echarts.registerMap('test-360000', shape.features as never)
    const chart = echarts.init(null as never, null, { renderer: 'svg', ssr: true, width: 900, height: 600 })
    chart.setOption(mapOption({ mapName: 'test-360000', shape, stats: childStats(kids, indicators), mode: 'share' }))
    const [a, b] = ['360100', '360200'].map((c) => chart.convertToPixel({ seriesId: 'map' }, c) as unknown as number[])
    expect(a![1]).toBeCloseTo(b![1]!)
    expect(b![0]! - a![0]!).toBeGreaterThan(50)
    const svg = chart.renderToSVGString()
    for (const k of kids) expect(svg).toContain(k.name)
    chart.dispose()
  })
})

describe("values reported below for the parent's indicators", () => {
  it("counts a city's value of the province's indicator for that city, with its status and gap to the path", () => {
    const rows = reportedBelow([
      ranking(
        1,
        [
          rankingRow('南京市', 1, 12, { code: '320100', status: 'off-track', statusLabel: '进度滞后', expected: 40 }),
          rankingRow('无锡市', null, null, { code: '320200' }),
        ],
        {
          indicatorName: '公共数据按需共享率',
        },
      ),
    ])
    expect(rows).toEqual([
      {
        jurisdictionCode: '320100',
        name: '公共数据按需共享率',
        unit: '%',
        status: { status: 'off-track', latestValue: 12, gap: -28 },
      },
    ])
    const stats = childStats([j('320100', '南京市'), j('320200', '无锡市')], rows)
    expect(stats.map((x) => [x.name, x.total, x.worst])).toEqual([
      ['南京市', 1, 'off-track'],
      ['无锡市', 0, 'no-data'],
    ])
  })
})
