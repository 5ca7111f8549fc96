import { describe, expect, it } from 'vitest'
import { type KeysetPage, useKeysetList } from './keyset-list.js'

/** A server list of `n` numbers answered `size` at a time, the cursor being the last number sent. */
const pagesOf =
  (n: number, size: number) =>
  async (filter: { odd: boolean }, after: string | undefined): Promise<KeysetPage<number>> => {
    const all = Array.from({ length: n }, (_, i) => i + 1).filter((x) => !filter.odd || x % 2 === 1)
    const from = after ? all.indexOf(Number(after)) + 1 : 0
    const items = all.slice(from, from + size)
    const more = from + size < all.length
    return { items, total: all.length, nextCursor: more ? String(items.at(-1)) : null }
  }

describe('a keyset-paged list loaded page by page', () => {
  it('holds the first page with the total of every page, then appends the rest until none is left', async () => {
    const list = useKeysetList(pagesOf(25, 10))
    await list.reload({ odd: false })
    expect(list.items.value).toHaveLength(10)
    expect(list.total.value).toBe(25)
    expect(list.complete.value).toBe(false)
    await list.more()
    await list.more()
    expect(list.items.value).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect(list.complete.value).toBe(true)
    await list.more()
    expect(list.items.value).toHaveLength(25)
  })

  it('starts over from the first page of a new query', async () => {
    const list = useKeysetList(pagesOf(25, 10))
    await list.reload({ odd: false })
    await list.more()
    await list.reload({ odd: true })
    expect(list.items.value).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
    expect(list.total.value).toBe(13)
    await list.more()
    expect(list.items.value.at(-1)).toBe(25)
    expect(list.complete.value).toBe(true)
  })

  it('drops a page that arrives after the user changed the query', async () => {
    let release: () => void = () => undefined
    const slow = pagesOf(25, 10)
    let first = true
    const list = useKeysetList(async (q: { odd: boolean }, after: string | undefined) => {
      if (first) {
        first = false
        await new Promise<void>((r) => (release = r))
      }
      return slow(q, after)
    })
    const stale = list.reload({ odd: false })
    await list.reload({ odd: true })
    release()
    await stale
    expect(list.items.value[1]).toBe(3)
    expect(list.total.value).toBe(13)
    expect(list.loading.value).toBe(false)
  })

  it('counts the rows held once the last page is in, when the server counted rows it later left out', async () => {
    const list = useKeysetList(async () => ({ items: [1, 2], total: 3, nextCursor: null }))
    await list.reload({})
    expect(list.total.value).toBe(2)
  })

  it('shows a failed page as the error in words and keeps the rows already loaded', async () => {
    let fail = false
    const ok = pagesOf(25, 10)
    const list = useKeysetList(async (q: { odd: boolean }, after: string | undefined) => {
      if (fail) throw new Error('网络中断')
      return ok(q, after)
    })
    await list.reload({ odd: false })
    fail = true
    await list.more()
    expect(list.error.value).toContain('网络中断')
    expect(list.items.value).toHaveLength(10)
    expect(list.loading.value).toBe(false)
    fail = false
    await list.more()
    expect(list.error.value).toBeNull()
    expect(list.items.value).toHaveLength(20)
  })

  it('shows no total and no rows of the previous query when the first page of a new one fails', async () => {
    let fail = false
    const ok = pagesOf(25, 10)
    const list = useKeysetList(async (q: { odd: boolean }, after: string | undefined) => {
      if (fail) throw new Error('服务器内部错误')
      return ok(q, after)
    })
    await list.reload({ odd: false })
    expect(list.answered.value).toBe(true)
    fail = true
    await list.reload({ odd: true })
    expect(list.error.value).toContain('服务器内部错误')
    expect(list.answered.value).toBe(false)
    expect(list.items.value).toEqual([])
  })
})
