import { describe, expect, it } from 'vitest'
import { errorFor, fieldErrors } from './field-errors.js'

describe('fieldErrors', () => {
  it("puts each issue next to its field and an issue about the whole body above the form's buttons", () => {
    const { fields, general } = fieldErrors(
      [
        { path: 'params.threshold.value', message: '阈值应大于0' },
        { path: 'name', message: '规则名称至少2个字' },
        { path: 'name', message: '规则名称不能含空格' },
        { path: '', message: '请求体至少包含一个要修改的字段' },
      ],
      '请求体 params.threshold.value: 阈值应大于0; …',
    )
    expect(fields).toEqual({ 'params.threshold.value': '阈值应大于0', name: '规则名称至少2个字;规则名称不能含空格' })
    expect(general).toBe('请求体至少包含一个要修改的字段')
  })

  it('shows a refusal that names no field as a general message, verbatim', () => {
    expect(fieldErrors([], '板块「数字基础设施」仍有 3 个指标,不能删除')).toEqual({
      fields: {},
      general: '板块「数字基础设施」仍有 3 个指标,不能删除',
    })
  })

  it('never reads fields out of the message text: without issues it is one general message', () => {
    expect(fieldErrors([], '请求体 username: 用户名 desk 已被使用').fields).toEqual({})
  })

  it('finds a message for a field group from its nested fields', () => {
    const { fields } = fieldErrors([{ path: 'params.recovery', message: '恢复阈值应小于触发阈值' }], '')
    expect(errorFor(fields, 'params.recovery')).toContain('恢复阈值')
    expect(errorFor(fields, 'params')).toContain('恢复阈值')
    expect(errorFor(fields, 'params.tolerance')).toBeNull()
  })
})
