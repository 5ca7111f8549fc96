import { describe, expect, it } from 'vitest'
import { readAllPages } from './pages.js'

const pagesOf = (rows: number[], size: number) => async (after: string | undefined) => {
  const start = after === undefined ? 0 : Number(after)
  const end = Math.min(start + size, rows.length)
  return { items: rows.slice(start, end), nextCursor: end < rows.length ? String(end) : null }
}

describe('readAllPages', () => {
  it('reads every page in order, following each nextCursor', async () => {
    const rows = Array.from({ length: 2_501 }, (_, i) => i)
    const asked: (string | undefined)[] = []
    const read = pagesOf(rows, 1_000)
    const all = await readAllPages(async (after) => {
      asked.push(after)
      return read(after)
    })
    expect(all).toEqual(rows)
    expect(asked).toEqual([undefined, '1000', '2000'])
  })
  it('reads a list that fits on one page with one request', async () => {
    let calls = 0
    const all = await readAllPages(async () => {
      calls++
      return { items: ['a'], nextCursor: null }
    })
    expect(all).toEqual(['a'])
    expect(calls).toBe(1)
  })
  it('refuses a server that answers the same cursor again instead of looping', async () => {
    await expect(readAllPages(async () => ({ items: [1], nextCursor: 'same' }))).rejects.toThrow('分页游标重复')
  })
})
