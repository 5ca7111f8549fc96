import { describe, expect, it } from 'vitest'
import { errorFor, fieldErrors } from './field-errors.js'

describe('fieldErrors', () => {
  it('puts each body field message next to its field and keeps the rest verbatim', () => {
    const { fields, general } = fieldErrors(
      '请求体 params.threshold.value: 阈值应大于0; 请求体 name: 规则名称至少2个字; 请求体 (整体): 请求体至少包含一个要修改的字段',
    )
    expect(fields).toEqual({ 'params.threshold.value': '阈值应大于0', name: '规则名称至少2个字' })
    expect(general).toBe('请求体 (整体): 请求体至少包含一个要修改的字段')
  })

  it('leaves a service message that names no field as a general message', () => {
    expect(fieldErrors('板块「数字基础设施」仍有 3 个指标,不能删除')).toEqual({
      fields: {},
      general: '板块「数字基础设施」仍有 3 个指标,不能删除',
    })
  })

  it('finds a message for a field group from its nested fields', () => {
    const { fields } = fieldErrors('请求体 params.recovery: 恢复阈值应小于触发阈值(形成回差,避免告警抖动)')
    expect(errorFor(fields, 'params.recovery')).toContain('恢复阈值')
    expect(errorFor(fields, 'params.tolerance')).toBeNull()
  })
})
