import { describe, expect, it } from 'vitest'
import { SubmitValuesBody, TaskProgressBody } from './index.js'

describe('zod messages, wherever contracts are loaded', () => {
  it('says in Chinese what a nested field should be and what came instead', () => {
    const result = SubmitValuesBody.safeParse({ items: [[]], allOrNothing: 'yes' })
    expect(result.success).toBe(false)
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toEqual([
      'items.0: 应为对象({…}),收到的是数组([…])',
      'allOrNothing: 应为布尔值(true/false),收到的是文本',
    ])
  })

  it('keeps the schemas own Chinese messages', () => {
    const result = SubmitValuesBody.safeParse({ items: [] })
    expect(result.error!.issues[0]!.message).toBe('至少提交一条数据')
  })

  it('names unknown fields and never answers in English', () => {
    const result = TaskProgressBody.safeParse({ stage: 7, colour: 'red' })
    const text = result.error!.issues.map((i) => i.message).join('; ')
    expect(text).not.toMatch(/invalid|expected|received|unrecognized/i)
    expect(text).toContain('不认识的字段:colour')
  })
})
