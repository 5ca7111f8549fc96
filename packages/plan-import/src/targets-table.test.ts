import { describe, expect, it } from 'vitest'
import { blocksFromLines, type Paragraph } from './document.js'
import { classifyHeader, tablesFromLines, tableTargets } from './targets-table.js'

const cite = {
  cite: (row: number, cell: number, text: string) => ({
    kind: 'cell' as const,
    table: 0,
    row,
    cell,
    start: 0,
    end: text.length,
  }),
}

describe('classifyHeader', () => {
  it.each([
    ['序号', 'serial'],
    ['主要指标', 'name'],
    ['指标名称', 'name'],
    ['类  别', 'category'],
    ['属性', 'nature'],
    ['指标性质', 'nature'],
    ['单位', 'unit'],
    ['基期值', 'baseline'],
    ['2025年目标值', 'target'],
  ])('%s → %s', (cell, kind) => expect(classifyHeader(cell).kind).toBe(kind))
})

describe('tableTargets', () => {
  it('reads name, unit, baseline, target and nature from a full table (南昌 layout)', () => {
    const rows = [
      ['序号', '类别', '主要指标', '2022年', '2025年', '属性'],
      ['1', '数字底座', '政务云资源算力规模(万核)', '5.7', '6', '预期性'],
      ['3', '数字底座', '政务服务电子证照用证率(%)', '30', '75', '约束性'],
    ]
    expect(tableTargets(rows, cite, 2025)).toEqual([
      expect.objectContaining({
        indicator: '政务云资源算力规模',
        unit: '万核',
        year: 2025,
        value: 6,
        comparator: 'gte',
        nature: 'expected',
        baseline: { year: 2022, value: 5.7 },
      }),
      expect.objectContaining({
        indicator: '政务服务电子证照用证率',
        unit: '%',
        value: 75,
        nature: 'binding',
        baseline: { year: 2022, value: 30 },
      }),
    ])
  })

  it('reads columns in any order, with a unit column and a cap', () => {
    const rows = [
      ['指标属性', '目标值(2025年)', '单位', '指标名称', '基期值(2020年)'],
      ['约束性', '15以下', '分钟', '公共服务圈可达时间', '30'],
    ]
    expect(tableTargets(rows, cite, 2025)[0]).toMatchObject({
      indicator: '公共服务圈可达时间',
      unit: '分钟',
      value: 15,
      comparator: 'lte',
      direction: 'lower',
      nature: 'binding',
      baseline: { year: 2020, value: 30 },
    })
  })

  it('reads a 责任单位 column as the departments reporting the indicator', () => {
    const rows = [
      ['指标名称', '指标单位', '2025年目标值', '责任单位'],
      ['政务服务好评率', '%', '99', '市政务服务中心、市大数据局'],
    ]
    expect(tableTargets(rows, cite, 2025)[0]).toMatchObject({
      unit: '%',
      value: 99,
      departments: { lead: ['市政务服务中心'], cooperating: ['市大数据局'] },
    })
  })

  it('places cells by shape in a short row: a merged category and a missing baseline', () => {
    const rows = [
      ['序号', '类别', '主要指标', '2022年', '2025年', '属性'],
      ['18', '电子文件归档率(%)', '80', '预期性'],
    ]
    const [t] = tableTargets(rows, cite, 2025)
    expect(t).toMatchObject({ indicator: '电子文件归档率', value: 80, nature: 'expected' })
    expect(t!.baseline).toBeUndefined()
  })

  it('reads nothing from a table without an indicator column', () => {
    expect(
      tableTargets(
        [
          ['姓名', '电话'],
          ['张三', '123'],
        ],
        cite,
        2025,
      ),
    ).toEqual([])
  })
})

describe('tablesFromLines', () => {
  it('rebuilds a table flattened to one cell per line', () => {
    const text = [
      '主要指标表',
      '序号',
      '类别',
      '主要指标',
      '2022年',
      '2025年',
      '属性',
      '1',
      '数字底座',
      '非涉密政务系统上云率(%)',
      '30',
      '80',
      '预期性',
      '2',
      '政府部门电子印章覆盖率(%)',
      '50',
      '95',
      '约束性',
      '注:约束性指标是…',
    ].join('\n')
    const paras = blocksFromLines(text) as Paragraph[]
    const [flat] = tablesFromLines(paras)
    expect(flat!.rows).toEqual([
      ['序号', '类别', '主要指标', '2022年', '2025年', '属性'],
      ['1', '数字底座', '非涉密政务系统上云率(%)', '30', '80', '预期性'],
      ['2', '政府部门电子印章覆盖率(%)', '50', '95', '约束性'],
    ])
    expect(tableTargets(flat!.rows, cite, 2025).map((t) => t.value)).toEqual([80, 95])
  })
})
