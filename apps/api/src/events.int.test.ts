import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client } from './testing/http.js'
import { departmentToken, displayKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const [pglite] = testDatabases()

describe('live events (SSE)', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  beforeAll(async () => {
    ctx = await seededApp(pglite!, { withQueue: true })
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('streams the status change of a submitted value to an open connection', async () => {
    const abort = new AbortController()
    // A wall screen reads the stream with fetch and its display key.
    const screen = await displayKey(ctx.handle.db, '360100')
    const res = await ctx.app.request('/api/v1/events', { headers: { authorization: `Bearer ${screen.token}` }, signal: abort.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    // One read in flight at a time: a read abandoned after a timeout would swallow its chunk.
    let pending: ReturnType<typeof reader.read> | null = null
    const readUntil = async (needle: string, ms: number) => {
      const until = Date.now() + ms
      while (!text.includes(needle)) {
        if (Date.now() > until) throw new Error(`no "${needle}" within ${ms} ms; got: ${text.slice(0, 500)}`)
        pending ??= reader.read()
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))])
        if (chunk) {
          pending = null
          if (!chunk.done) text += decoder.decode(chunk.value)
        }
      }
    }
    await readUntil('event: hello', 5000)
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const posted = await client(ctx.app, { token: dept.token }).post('/api/v1/submissions', { items: [{ indicator: 'nanchang-2023/dzzz-yzl', period: '2024-05', value: 48 }] })
    expect(posted.status).toBe(202)
    await readUntil('event: status', 10_000)
    const line = text.split('\n').find((l) => l.startsWith('data:') && l.includes('"type":"status"'))!
    expect(JSON.parse(line.slice(5))).toMatchObject({ type: 'status', jurisdictionCode: '360100', latestValue: 48 })
    abort.abort()
    await reader.cancel().catch(() => {})
  })
})
