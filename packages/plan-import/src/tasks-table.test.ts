import { describe, expect, it } from 'vitest'
import { classifyTaskHeader, tableTasks } from './tasks-table.js'

const cite = (row: number, cell: number, text: string) => ({
  kind: 'cell' as const,
  table: 0,
  row,
  cell,
  start: 0,
  end: text.length,
})

describe('classifyTaskHeader', () => {
  it.each([
    ['序号', 'serial'],
    ['重点任务', 'task'],
    ['工作内容', 'task'],
    ['牵头单位', 'lead'],
    ['配合单位', 'cooperating'],
    ['责任单位', 'responsible'],
    ['完成时限', 'due'],
  ])('%s → %s', (cell, kind) => expect(classifyTaskHeader(cell)).toBe(kind))
})

describe('tableTasks', () => {
  it('reads a 重点任务分工表 with lead, cooperating and deadline columns', () => {
    const rows = [
      ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
      [
        '1',
        '建成政务数据驾驶舱。对运行数据进行全面分析。',
        '市政务办',
        '市大数据管理局、各县(市、区)人民政府',
        '2023年6月底前',
      ],
      ['2', '优化“12345”热线,提升诉求办理效率', '市政府办公室', '', '持续推进'],
    ]
    expect(tableTasks(rows, cite, 2023)).toEqual([
      expect.objectContaining({
        number: '1',
        title: '建成政务数据驾驶舱',
        lead: ['市政务办'],
        cooperating: ['市大数据管理局', '各县(市、区)人民政府'],
        dueDate: '2023-06-30',
      }),
      expect.objectContaining({
        number: '2',
        title: '优化“12345”热线,提升诉求办理效率',
        lead: ['市政府办公室'],
        cooperating: [],
      }),
    ])
  })

  it('reads a 责任单位 column: the first department leads', () => {
    const rows = [
      ['任务', '责任单位'],
      ['推进公共数据开放', '市政数局、市国资委'],
    ]
    expect(tableTasks(rows, cite, 2025)[0]).toMatchObject({ lead: ['市政数局'], cooperating: ['市国资委'] })
  })

  it('ignores a table that assigns nothing', () =>
    expect(
      tableTasks(
        [
          ['指标', '2025年'],
          ['上云率', '80'],
        ],
        cite,
        2025,
      ),
    ).toEqual([]))
})
