import { describe, expect, it } from 'vitest'
import { matchNames, type NamedIndicator, type NamedJurisdiction, normaliseName } from './match-names.js'
import type { RawItem } from './raw-items.js'

const jurisdictions: NamedJurisdiction[] = [
  { code: '360000', name: '江西省', parentCode: null },
  { code: '360100', name: '南昌市', parentCode: '360000' },
  { code: '360121', name: '南昌县', parentCode: '360100' },
  { code: '360111', name: '青山湖区', parentCode: '360100' },
  { code: '320000', name: '江苏省', parentCode: null },
  { code: '321000', name: '扬州市', parentCode: '320000' },
  { code: '320100', name: '南京市', parentCode: '320000' },
  { code: '320106', name: '鼓楼区', parentCode: '320100' },
  { code: '320300', name: '徐州市', parentCode: '320000' },
  { code: '320302', name: '鼓楼区', parentCode: '320300' },
]
const indicators: NamedIndicator[] = [
  { code: 'nc/online-rate', name: '政务服务事项网上可办率', jurisdictionCode: '360100' },
  { code: 'nc/data-sets', name: '公共数据开放数据集（个）', jurisdictionCode: '360100' },
  { code: 'nc/5g', name: '5G基站数', jurisdictionCode: '360100' },
  // The same name in two plans: one of 南昌, one of 扬州.
  { code: 'nc/one-net', name: '一网通办率', jurisdictionCode: '360100' },
  { code: 'yz/one-net', name: '一网通办率', jurisdictionCode: '321000' },
  { code: 'js/cloud', name: '上云率', jurisdictionCode: '320000' },
]
const ctx = { indicators, jurisdictions }

let nextRow = 2
const row = (cells: Partial<RawItem>): RawItem => ({
  row: nextRow++,
  indicator: '',
  jurisdiction: undefined,
  period: '2024-Q1',
  value: 80,
  percentFormatted: false,
  note: undefined,
  reason: undefined,
  ...cells,
})

describe('normaliseName', () => {
  it('ignores width, whitespace, brackets, enumeration commas and Latin case', () => {
    expect(normaliseName(' 公共数据开放 数据集(个) ')).toBe(normaliseName('公共数据开放数据集（个）'))
    expect(normaliseName('５Ｇ基站数')).toBe(normaliseName('5g基站数'))
    expect(normaliseName('数据、共享\u3000率')).toBe('数据共享率')
    expect(normaliseName('网上可办率')).not.toBe(normaliseName('网上可办数'))
  })
})

describe('matchNames', () => {
  it('replaces a matched indicator name and place name with their codes and lists each match once with its rows', () => {
    const items = [
      row({ indicatorName: '政务服务事项 网上可办率', jurisdictionName: '南昌市' }),
      row({ indicatorName: '政务服务事项网上可办率', jurisdictionName: '南昌市', period: '2024-Q2' }),
      row({ indicatorName: '５Ｇ基站数', jurisdictionName: '360100' }),
    ]
    const r = matchNames(items, ctx)
    expect(r.errors).toEqual([])
    expect(r.items.map((i) => [i.indicator, i.jurisdiction])).toEqual([
      ['nc/online-rate', '360100'],
      ['nc/online-rate', '360100'],
      ['nc/5g', '360100'],
    ])
    expect(r.matches).toEqual([
      {
        kind: 'indicator',
        name: '政务服务事项 网上可办率',
        code: 'nc/online-rate',
        matchedName: '政务服务事项网上可办率',
        rows: 1,
      },
      {
        kind: 'indicator',
        name: '政务服务事项网上可办率',
        code: 'nc/online-rate',
        matchedName: '政务服务事项网上可办率',
        rows: 1,
      },
      { kind: 'indicator', name: '５Ｇ基站数', code: 'nc/5g', matchedName: '5G基站数', rows: 1 },
      { kind: 'jurisdiction', name: '南昌市', code: '360100', matchedName: '南昌市', rows: 2 },
      { kind: 'jurisdiction', name: '360100', code: '360100', matchedName: '南昌市', rows: 1 },
    ])
  })

  it('accepts a place without its 市/县/区 suffix when only one place has that stem', () => {
    const r = matchNames(
      [
        row({ indicatorName: '5G基站数', jurisdictionName: '青山湖' }),
        row({ indicatorName: '一网通办率', jurisdictionName: '扬州' }),
      ],
      ctx,
    )
    expect(r.errors).toEqual([])
    expect(r.items.map((i) => [i.indicator, i.jurisdiction])).toEqual([
      ['nc/5g', '360111'],
      ['yz/one-net', '321000'],
    ])
  })

  it('takes a place stem shared by the indicator’s own place and a place inside it as the own place', () => {
    const it = row({ indicatorName: '5G基站数', jurisdictionName: '南昌' })
    const r = matchNames([it], ctx)
    expect(r.errors).toEqual([])
    expect(r.items.map((i) => [i.indicator, i.jurisdiction])).toEqual([['nc/5g', '360100']])
  })

  it('refuses a place name shared by two places inside the indicator’s place, naming both', () => {
    const it = row({ indicatorName: '上云率', jurisdictionName: '鼓楼区' })
    const r = matchNames([it], ctx)
    expect(r.items).toEqual([])
    expect(r.errors).toEqual([
      {
        row: it.row,
        column: '地区',
        code: 'ambiguous_jurisdiction',
        message: '地区「鼓楼区」对应多个地区:鼓楼区(320106)、鼓楼区(320302),请写全称或改用行政区划代码',
      },
    ])
  })

  it('tells two indicators of one name apart by the row place, by name or by code', () => {
    const r = matchNames(
      [
        row({ indicatorName: '一网通办率', jurisdictionName: '南昌市' }),
        row({ indicatorName: '一网通办率', jurisdiction: '321000' }),
      ],
      ctx,
    )
    expect(r.errors).toEqual([])
    expect(r.items.map((i) => [i.indicator, i.jurisdiction])).toEqual([
      ['nc/one-net', '360100'],
      ['yz/one-net', '321000'],
    ])
  })

  it('refuses an indicator name shared by several indicators when the row has no place, naming the candidates', () => {
    const it = row({ indicatorName: '一网通办率' })
    const r = matchNames([it], ctx)
    expect(r.items).toEqual([])
    expect(r.errors).toEqual([
      {
        row: it.row,
        column: '指标名称',
        code: 'ambiguous_indicator',
        message: '指标名称「一网通办率」对应多个指标:nc/one-net、yz/one-net,请改用指标编码',
      },
    ])
  })

  it('refuses an unknown indicator name with up to three close names, and an unknown place', () => {
    const a = row({ indicatorName: '网上可办率', jurisdictionName: '南昌市' })
    const b = row({ indicatorName: '财政收入', jurisdictionName: '南昌市' })
    const c = row({ indicatorName: '5G基站数', jurisdictionName: '火星市' })
    const r = matchNames([a, b, c], ctx)
    expect(r.items).toEqual([])
    expect(r.errors).toEqual([
      {
        row: a.row,
        column: '指标名称',
        code: 'unknown_indicator',
        message: '未找到名为「网上可办率」的指标,相近的有:「政务服务事项网上可办率」(nc/online-rate)',
      },
      { row: b.row, column: '指标名称', code: 'unknown_indicator', message: '未找到名为「财政收入」的指标' },
      {
        row: c.row,
        column: '地区',
        code: 'unknown_jurisdiction',
        message: '未找到名为「火星市」的地区,请核对名称或改用行政区划代码',
      },
    ])
  })

  it('leaves rows that give codes untouched: a code wins over a name in the same row', () => {
    const it = row({
      indicator: 'nc/5g',
      indicatorName: '一网通办率',
      jurisdiction: '360100',
      jurisdictionName: '扬州市',
    })
    const r = matchNames([it], ctx)
    expect(r.items).toEqual([it])
    expect(r.matches).toEqual([])
  })
})
