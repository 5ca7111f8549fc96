import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, sseReader } from './testing/http.js'
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
    const res = await ctx.app.request('/api/v1/events', {
      headers: { authorization: `Bearer ${screen.token}` },
      signal: abort.signal,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const stream = sseReader(res.body!)
    const readUntil = stream.readUntil
    await readUntil('event: hello', 5000)
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const posted = await client(ctx.app, { token: dept.token }).post('/api/v1/submissions', {
      items: [{ indicator: 'nanchang-2023/dzzz-yzl', period: '2024-05', value: 48 }],
    })
    expect(posted.status).toBe(202)
    await readUntil('event: status', 10_000)
    const line = stream
      .text()
      .split('\n')
      .find((l) => l.startsWith('data:') && l.includes('"type":"status"'))!
    expect(JSON.parse(line.slice(5))).toMatchObject({ type: 'status', jurisdictionCode: '360100', latestValue: 48 })
    abort.abort()
    await stream.cancel()
  })
})
