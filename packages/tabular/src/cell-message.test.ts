import { describe, expect, it } from 'vitest'
import { cellMessage } from './cell-message.js'

describe('cellMessage', () => {
  it('names the row and the column as its header reads in the file', () => {
    expect(cellMessage({ fieldHeaders: { value: '本期值' } }, 5, 'value', '数值为空')).toBe(
      '第5行「本期值」列: 数值为空',
    )
  })
})
