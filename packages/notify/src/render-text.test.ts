import { describe, expect, it } from 'vitest'
import { renderText } from './render-text.js'
import { firingMessage, lagItem, missingItem, taskItem } from './test-fixtures.js'

describe('renderText', () => {
  it('states indicator, jurisdiction, current and expected values with units, gap, deadline and link', () => {
    const text = renderText(firingMessage())
    expect(text.split('\n')[0]).toBe('【严重】南昌市 政务服务电子证照用证率 低于序时进度')
    expect(text).toContain('类型：告警触发　级别：严重　时间：2025-06-30 14:05（北京时间）')
    expect(text).toContain('指标：政务服务电子证照用证率')
    expect(text).toContain('地区：南昌市')
    expect(text).toContain('当前值：72.5%')
    expect(text).toContain('序时进度应达：80%')
    expect(text).toContain('差距：落后 7.5 个百分点')
    expect(text).toContain('目标：≥ 90%')
    expect(text).toContain('截止日期：2025-12-31')
    expect(text).toContain('状态：进度滞后')
    expect(text).toContain('详情：https://cockpit.example.cn/indicators/12?j=360100')
  })

  it('shows a dash for every missing value', () => {
    const text = renderText(firingMessage({ items: [missingItem] }))
    expect(text).toContain('当前值：—')
    expect(text).toContain('序时进度应达：—')
    expect(text).toContain('差距：—')
    expect(text).toContain('截止日期：—')
  })

  it('numbers grouped items and says how many there are', () => {
    const text = renderText(firingMessage({ items: [lagItem, missingItem] }))
    expect(text).toContain('共 2 项：')
    expect(text).toContain('1. 指标：政务服务电子证照用证率')
    expect(text).toContain('2. 指标：一网通办事项数')
  })

  it('lists mentions as @mobile and leaves the line out without mentions', () => {
    expect(renderText(firingMessage({ mentions: { mobiles: ['13800000000', '13900000000'] } }))).toContain(
      '请关注：@13800000000 @13900000000',
    )
    expect(renderText(firingMessage())).not.toContain('请关注')
    expect(renderText(firingMessage({ mentions: { mobiles: [] } }))).not.toContain('请关注')
  })

  it('keeps a field with line breaks on one line', () => {
    const text = renderText(firingMessage({ items: [{ ...lagItem, indicatorName: '电子证照\n用证率' }] }))
    expect(text).toContain('指标：电子证照 用证率')
  })

  it('labels each kind', () => {
    expect(renderText(firingMessage({ kind: 'resolved' }))).toContain('类型：告警恢复')
    expect(renderText(firingMessage({ kind: 'escalation', severity: 'warning' }))).toContain(
      '类型：告警升级　级别：警告',
    )
  })
})

describe('renderText for a task', () => {
  it('names the task and shows its own rows instead of values, path and gap', () => {
    const text = renderText(firingMessage({ items: [taskItem] }))
    expect(text).toContain('重点任务：里程碑「3.2 建成全市统一的电子证照库」')
    expect(text).toContain('牵头单位：市数据局')
    expect(text).toContain('逾期天数：12 天')
    expect(text).toContain('截止日期：2024-06-30')
    expect(text).toContain('状态：逾期未完成')
    expect(text).not.toContain('当前值')
    expect(text).not.toContain('序时进度应达')
  })
})
