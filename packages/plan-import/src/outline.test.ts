import { describe, expect, it } from 'vitest'
import { blocksFromLines, type Paragraph } from './document.js'
import { headingOf, outline } from './outline.js'

const p = (text: string): Paragraph => ({ kind: 'paragraph', index: 0, text })

describe('headingOf', () => {
  it.each([
    ['一、强化基础建设,全面夯实数字基座', 1, '一', '强化基础建设,全面夯实数字基座', ''],
    ['(一)完善信息基础设施', 2, '(一)', '完善信息基础设施', ''],
    ['(二)总体目标。到2025年,政府核心业务数字化全覆盖。', 2, '(二)', '总体目标', '到2025年,政府核心业务数字化全覆盖。'],
    ['1.推进政务云网环境优化。升级一体化政务云平台。', 3, '1', '推进政务云网环境优化', '升级一体化政务云平台。'],
    ['12、加强组织协调。', 3, '12', '加强组织协调', ''],
    ['(3)提升“惠企通”平台功效。依托全省统建平台。', 4, '(3)', '提升“惠企通”平台功效', '依托全省统建平台。'],
  ] as const)('%s', (text, level, marker, title, body) =>
    expect(headingOf(p(text))).toMatchObject({ level, marker, title, body }),
  )

  it('does not read a decimal or a year as a number', () => {
    expect(headingOf(p('5.7万核的算力'))).toBeUndefined()
    expect(headingOf(p('2023年底前,建成平台'))).toBeUndefined()
  })
})

describe('outline', () => {
  it('nests headings and restarts numbers under a new parent', () => {
    const nodes = outline(
      blocksFromLines(['二、主要任务', '(一)夯实底座', '1.甲。', '(二)数据共享', '1.乙。'].join('\n')) as Paragraph[],
    )
    expect(nodes.map((n) => [...n.ancestors.map((a) => a.heading.marker), n.heading.marker].join(''))).toEqual([
      '二',
      '二(一)',
      '二(一)1',
      '二(二)',
      '二(二)1',
    ])
  })
})
