import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findDates } from './dates.js'

const due = (text: string, contextYear?: number) => findDates(text, contextYear).map((d) => d.dueDate)

describe('findDates', () => {
  it.each([
    ['到2025年,政府核心业务数字化全覆盖', '2025-12-31'],
    ['2023年底前,数据共享开放保障机制进一步完善', '2023-12-31'],
    ['到2024年底,政务公开专区实现市县两级全覆盖', '2024-12-31'],
    ['2023年6月底前完成系统上线', '2023-06-30'],
    ['力争2025年底惠企政策兑现比例不低于40%', '2025-12-31'],
    ['2022年12月15日前印发方案', '2022-12-15'],
    ['2024年上半年建成平台', '2024-06-30'],
  ])('reads the deadline in %s', (text, date) => expect(due(text)).toEqual([date]))

  it('dates year-less phrases from the plan year', () => {
    expect(due('6月底前出台实施方案', 2023)).toEqual(['2023-06-30'])
    expect(due('年底前建成驾驶舱', 2023)).toEqual(['2023-12-31'])
  })

  it('skips ranges of years and baselines', () => {
    expect(due('三年行动计划(2022-2024年)')).toEqual([])
    expect(due('在2020年的基础上翻一番')).toEqual([])
  })

  it('marks a deadline apart from a bare mention', () => {
    expect(findDates('到2025年')[0]!.deadline).toBe(true)
    expect(findDates('现提出2023年工作要点')[0]!.deadline).toBe(false)
  })
})

describe('findDates (property)', () => {
  it('dates "Y年M月底前" at the last day of that month, wherever it sits in a sentence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2050 }),
        fc.integer({ min: 1, max: 12 }),
        fc.string({ maxLength: 8 }).filter((s) => !/\d|年|月/.test(s)),
        (y, m, lead) => {
          const [d] = findDates(`${lead},${y}年${m}月底前完成建设`)
          const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
          return d?.dueDate === `${y}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}` && d.deadline
        },
      ),
    )
  })
})
