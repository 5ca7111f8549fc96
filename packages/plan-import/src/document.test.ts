import { describe, expect, it } from 'vitest'
import { blocksFromLines, joinWrappedLines } from './document.js'

describe('joinWrappedLines', () => {
  it('joins a paragraph wrapped at the right margin and drops page numbers', () => {
    const text = [
      '一、总体要求',
      '到2025年,非涉密政务系统上云率达到80%以上,数据目录资源挂',
      '接率力争达100%,政务服务事项网上可办率达到98%。',
      '- 3 -',
      '1.推动电子政务外网升级改造。按照全省统一部署推进。',
    ].join('\n')
    expect(joinWrappedLines(text).split('\n')).toEqual([
      '一、总体要求',
      '到2025年,非涉密政务系统上云率达到80%以上,数据目录资源挂接率力争达100%,政务服务事项网上可办率达到98%。',
      '1.推动电子政务外网升级改造。按照全省统一部署推进。',
    ])
  })

  it('keeps short lines (titles, table cells) apart', () => {
    expect(
      joinWrappedLines('序号\n主要指标\n2025年\n非涉密政务系统上云率达到这个很长的指标名称之后还有更多的文字。').split(
        '\n',
      ),
    ).toHaveLength(4)
  })
})

describe('blocksFromLines', () => {
  it('folds full-width digits and signs, keeps full-width punctuation', () => {
    expect(blocksFromLines('到２０２５年,上云率达到８０％以上。')[0]).toMatchObject({
      text: '到2025年,上云率达到80%以上。',
    })
  })
})
