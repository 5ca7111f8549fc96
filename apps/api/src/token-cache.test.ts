import type { Principal } from '@cockpit/services/kernel'
import { describe, expect, it } from 'vitest'
import { tokenCache } from './token-cache.js'

const wall = (id: number): Principal => ({
  kind: 'token',
  userId: null,
  tokenId: id,
  role: 'viewer',
  departmentId: null,
  jurisdictions: ['320000'],
  label: `token:csk_${id}…`,
})

describe('tokenCache', () => {
  it('asks the database once while a token is fresh, again after its time or a clear', async () => {
    const cache = tokenCache({ ttlMs: 50, maxEntries: 10 })
    let lookUps = 0
    const lookUp = async () => {
      lookUps++
      return wall(1)
    }
    for (let i = 0; i < 5; i++) expect((await cache.resolve('csk_a', lookUp))?.tokenId).toBe(1)
    expect(lookUps).toBe(1)
    cache.clear()
    await cache.resolve('csk_a', lookUp)
    expect(lookUps).toBe(2)
    await new Promise((r) => setTimeout(r, 60))
    await cache.resolve('csk_a', lookUp)
    expect(lookUps).toBe(3)
  })

  it('never remembers a token the database refused, nor keeps more than its bound', async () => {
    const cache = tokenCache({ ttlMs: 10_000, maxEntries: 3 })
    let refusals = 0
    for (let i = 0; i < 3; i++)
      expect(
        await cache.resolve('csk_bad', async () => {
          refusals++
          return null
        }),
      ).toBeNull()
    expect(refusals).toBe(3)
    for (let i = 0; i < 10; i++) await cache.resolve(`csk_${i}`, async () => wall(i))
    expect(cache.size()).toBe(3)
  })

  it('tells tokens apart', async () => {
    const cache = tokenCache({ ttlMs: 10_000, maxEntries: 10 })
    await cache.resolve('csk_one', async () => wall(1))
    expect((await cache.resolve('csk_two', async () => wall(2)))?.tokenId).toBe(2)
    expect((await cache.resolve('csk_one', async () => wall(3)))?.tokenId).toBe(1)
  })
})
