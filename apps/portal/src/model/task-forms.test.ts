import { describe, expect, it } from 'vitest'
import { checkClaim, checkProgress, type ProgressForm } from './task-forms.js'

const form = (over: Partial<ProgressForm>): ProgressForm => ({
  period: '',
  stage: 'in-progress',
  percent: '',
  progress: '已完成需求调研',
  problems: '',
  nextSteps: '',
  reason: '',
  ...over,
})

describe('the progress form checks what the server checks', () => {
  it('accepts a plain report and leaves out what was not filled in (the server then takes the current period)', () => {
    const r = checkProgress(form({ percent: '40%', nextSteps: ' 下月招标 ' }))
    expect(r).toEqual({
      ok: true,
      body: { stage: 'in-progress', percent: 40, progress: '已完成需求调研', nextSteps: '下月招标' },
    })
  })

  it('asks for a reason when the stage is 滞后 or 暂缓, with the server message under the reason field', () => {
    for (const stage of ['delayed', 'suspended'] as const) {
      const r = checkProgress(form({ stage }))
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.errors.reason).toBe('进展阶段为滞后或暂缓时必须说明原因')
    }
    expect(checkProgress(form({ stage: 'delayed', reason: '资金未到位' })).ok).toBe(true)
  })

  it('refuses an empty 进展情况, a percent out of range, and a completed stage below 100%', () => {
    const empty = checkProgress(form({ progress: '  ' }))
    expect(!empty.ok && empty.errors.progress).toBe('进展情况不能为空')
    const over = checkProgress(form({ percent: '120' }))
    expect(!over.ok && over.errors.percent).toBe('完成百分比应为 0–100 的整数')
    const words = checkProgress(form({ percent: '一半' }))
    expect(!words.ok && words.errors.percent).toBe('完成百分比应为 0–100 的整数')
    const done = checkProgress(form({ stage: 'completed', percent: '90' }))
    expect(!done.ok && done.errors.percent).toContain('已完成')
  })

  it('requires a stage to be chosen', () => {
    const r = checkProgress(form({ stage: '' }))
    expect(!r.ok && r.errors.stage).toBe('请选择进展阶段')
  })

  it('names the department when an administrator reports for one', () => {
    const r = checkProgress(form({}), 12)
    expect(r.ok && r.body.departmentId).toBe(12)
  })
})

describe('the completion claim form', () => {
  it('accepts a date up to today and refuses a later one or an impossible date', () => {
    expect(checkClaim({ completedOn: '2024-06-30', note: '已上线' }, '2024-06-30')).toEqual({
      ok: true,
      body: { completedOn: '2024-06-30', note: '已上线' },
    })
    const later = checkClaim({ completedOn: '2024-07-01', note: '' }, '2024-06-30')
    expect(!later.ok && later.errors.completedOn).toContain('不能晚于今天')
    const bad = checkClaim({ completedOn: '2024-02-30', note: '' }, '2024-06-30')
    expect(!bad.ok && bad.errors.completedOn).toBe('应为有效日期 YYYY-MM-DD')
  })
})
