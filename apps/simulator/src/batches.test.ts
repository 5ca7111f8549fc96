import { describe, expect, it } from 'vitest'
import { batchesOf, idempotencyKey } from './batches.js'
import type { DueItem } from './due-items.js'

const due = (n: number): DueItem[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${i}|2024`, item: { indicator: i + 1, period: '2024', value: i } }))

describe('batchesOf', () => {
  it('sends everything in one request up to the limit and splits beyond it', () => {
    expect(batchesOf(1, due(5000))).toHaveLength(1)
    const split = batchesOf(1, due(5001))
    expect(split.map((b) => b.items.length)).toEqual([5000, 1])
    expect(split.flatMap((b) => b.keys)).toEqual(due(5001).map((d) => d.key))
  })

  it('has nothing to send for nothing due', () => {
    expect(batchesOf(1, [])).toEqual([])
  })
})

describe('idempotencyKey', () => {
  it('is the same for the same department and items and differs otherwise', () => {
    const items = due(3).map((d) => d.item)
    expect(idempotencyKey(4, items)).toBe(
      idempotencyKey(
        4,
        due(3).map((d) => d.item),
      ),
    )
    expect(idempotencyKey(5, items)).not.toBe(idempotencyKey(4, items))
    expect(idempotencyKey(4, items.slice(1))).not.toBe(idempotencyKey(4, items))
  })

  it('fits the API header rule: 1–200 visible ASCII characters', () => {
    expect(
      idempotencyKey(
        123456,
        due(2).map((d) => d.item),
      ),
    ).toMatch(/^[\x21-\x7e]{1,200}$/)
  })
})
