import { gunzipSync } from 'node:zlib'
import type { Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken, displayKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

describe.each(testDatabases())("HTTP caching and compression of the API's JSON on $name", (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let key: string
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    key = (await displayKey(ctx.handle.db, '360100')).token
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const get = (path: string, headers: Record<string, string> = {}) =>
    ctx.app.request(path, { headers: { authorization: `Bearer ${key}`, ...headers } })

  it('tags a JSON read, answers 304 without a body while nothing changed, and a new tag once a value arrives', async () => {
    const first = await get('/api/v1/indicators')
    expect(first.status).toBe(200)
    const tag = first.headers.get('etag')!
    expect(tag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    const again = await get('/api/v1/indicators', { 'if-none-match': tag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(tag)

    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const reporter = client(ctx.app, { token: dept.token })
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: 'nanchang-2023/fsm-zwxt-sly', period: '2024-Q1', value: 66 }],
    })
    expect((await waitProcessed<Submission>(reporter, sent.body.id)).state).toBe('processed')
    const changed = await get('/api/v1/indicators', { 'if-none-match': tag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(tag)
  })

  it('gzips JSON for a client that accepts it and sends it plain otherwise', async () => {
    const zipped = await get('/api/v1/indicators', { 'accept-encoding': 'gzip' })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    const body = JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()) as { items: unknown[] }
    expect(body.items.length).toBeGreaterThan(0)
    const plain = await get('/api/v1/indicators')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(((await plain.json()) as { items: unknown[] }).items.length).toBe(body.items.length)
    // A cache in between must keep the two apart; a client that refuses gzip (q=0) gets it plain.
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i)
    const refused = await get('/api/v1/indicators', { 'accept-encoding': 'gzip;q=0, identity' })
    expect(refused.headers.get('content-encoding')).toBeNull()
    // The compressed answer carries the same tag: a client holding it gets 304, whichever encoding it asks for.
    expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag'))
    const unchanged = await get('/api/v1/indicators', {
      'accept-encoding': 'gzip',
      'if-none-match': zipped.headers.get('etag')!,
    })
    expect(unchanged.status).toBe(304)
    expect(unchanged.headers.get('content-encoding')).toBeNull()
  })

  it('leaves errors, writes and the event stream untagged', async () => {
    const missing = await get('/api/v1/indicators/999999')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('etag')).toBeNull()
    const stream = await get('/api/v1/events', {})
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(stream.headers.get('etag')).toBeNull()
    expect(stream.headers.get('content-encoding')).toBeNull()
    await stream.body?.cancel()
  })
})
