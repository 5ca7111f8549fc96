import { describe, expect, it } from 'vitest'
import { useLoading } from './loading.js'

describe('a page fetch state', () => {
  it('shows loading while the work runs and clears an earlier error once it succeeds', async () => {
    const s = useLoading()
    s.error.value = '上次失败'
    let seen: boolean | null = null
    await s.run(async () => {
      seen = s.loading.value
    })
    expect(seen).toBe(true)
    expect(s.loading.value).toBe(false)
    expect(s.error.value).toBeNull()
  })

  it('turns a failure into the page error in words, never a rejection', async () => {
    const s = useLoading()
    await expect(s.run(() => Promise.reject(new Error('网络中断')))).resolves.toBeUndefined()
    expect(s.error.value).toContain('网络中断')
    expect(s.loading.value).toBe(false)
  })
})
