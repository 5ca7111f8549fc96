import { describe, expect, it } from 'vitest'
import { blocksFromLines, type Paragraph } from './document.js'
import { extractMilestones } from './milestones.js'

const paras = (...lines: string[]) => blocksFromLines(lines.join('\n')) as Paragraph[]
const titles = (lines: string[], horizon = { startYear: 2022, endYear: 2024 }) =>
  extractMilestones(paras(...lines), horizon).map((m) => [m.dueDate, m.title])

describe('extractMilestones', () => {
  it('dates every outcome clause of a paragraph that opens with a deadline (大竹)', () => {
    expect(
      titles([
        '(三)工作目标',
        '2023年底前,数据共享开放保障机制进一步完善,公共数据资源全面共享和有序开放。政务服务信息孤岛全打通,部门专网全整合。',
      ]),
    ).toEqual([
      ['2023-12-31', '数据共享开放保障机制进一步完善'],
      ['2023-12-31', '公共数据资源全面共享和有序开放'],
      ['2023-12-31', '政务服务信息孤岛全打通'],
      ['2023-12-31', '部门专网全整合'],
    ])
  })

  it('reads a month deadline inside a task', () => {
    expect(
      titles(['1.推进平台建设。2023年6月底前,建成政务数据驾驶舱。'], { startYear: 2023, endYear: 2023 }),
    ).toContainEqual(['2023-06-30', '建成政务数据驾驶舱'])
  })

  it('dates the deliverables of an annual plan at the year end (扬州)', () => {
    expect(
      titles(['1.推进通用支撑能力应用。升级完善党政工作平台,上线运行工单系统,提升平台协同效能。'], {
        startYear: 2023,
        endYear: 2023,
      }),
    ).toEqual([['2023-12-31', '上线运行工单系统']])
  })

  it('gives undated deliverables of a multi-year plan no date', () => {
    expect(titles(['1.推进平台建设。上线运行工单系统。'])).toEqual([])
  })

  it('dates a schedule by its phase headings, also when the years went to their own line (江苏)', () => {
    expect(
      titles(
        [
          '七、推进计划',
          '(一)规划部署阶段(2021年)',
          '出台数字政府建设规划。',
          '(2022-2024年)。',
          '建成“苏服办”统一入口。',
        ],
        { startYear: 2021, endYear: 2025 },
      ),
    ).toEqual([
      ['2021-12-31', '出台数字政府建设规划'],
      ['2024-12-31', '建成“苏服办”统一入口'],
    ])
  })

  it('leaves out the past (审议通过) and the vision beyond the horizon', () => {
    const h = { startYear: 2023, endYear: 2025, issuedOn: '2023-02-23' }
    expect(
      extractMilestones(paras('方案已经2023年2月11日市政府常务会审议通过。', '到2035年,全面建成数字政府。'), h),
    ).toEqual([])
  })

  it('skips the scene-setting clauses of a dated sentence', () => {
    expect(titles(['到2024年,以数据共享为突破口,建成统一的公共数据平台。'])).toEqual([
      ['2024-12-31', '建成统一的公共数据平台'],
    ])
  })
})
