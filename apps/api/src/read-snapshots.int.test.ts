import { gunzipSync } from 'node:zlib'
import type { Indicator, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken, displayKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const CLOUD = 'nanchang-2023/fsm-zwxt-sly'

describe.each(testDatabases())('shared read snapshots on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let wallA: string
  let wallB: string
  let reporter: ReturnType<typeof client>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    wallA = (await displayKey(ctx.handle.db, '360100', '大屏甲')).token
    wallB = (await displayKey(ctx.handle.db, '360100', '大屏乙')).token
    reporter = client(ctx.app, { token: (await departmentToken(ctx.handle.db, '360100', 'szsj')).token })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const read = (key: string, path = '/api/v1/indicators') =>
    ctx.app.request(path, { headers: { authorization: `Bearer ${key}` } })
  const cloudValue = async (res: Response) =>
    ((await res.json()) as { items: Indicator[] }).items.find((i) => `${i.planKey}/${i.key}` === CLOUD)!.status
      .latestValue

  it('builds a read once and serves it to every wall with the same scope until the data changes', async () => {
    const first = await read(wallA)
    expect(first.headers.get('x-snapshot')).toBe('built')
    const second = await read(wallB)
    expect(second.headers.get('x-snapshot')).toBe('hit')
    expect(await second.text()).toBe(await first.text())
    // A caller with another scope gets its own answer, never the walls' snapshot.
    const admin = await read((await displayKey(ctx.handle.db, '320000')).token)
    expect(admin.headers.get('x-snapshot')).toBe('built')
  })

  it('sends a snapshot gzipped, compressed once, to every wall that accepts it, and plain to one that does not', async () => {
    const gz = (key: string) =>
      ctx.app.request('/api/v1/indicators', {
        headers: { authorization: `Bearer ${key}`, 'accept-encoding': 'gzip, deflate, br' },
      })
    const plain = await read(wallA)
    const json = await plain.text()
    for (const key of [wallA, wallB]) {
      const zipped = await gz(key)
      expect(zipped.headers.get('x-snapshot')).toBe('hit')
      expect(zipped.headers.get('content-encoding')).toBe('gzip')
      expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(json)
    }
    const refused = await ctx.app.request('/api/v1/indicators', {
      headers: { authorization: `Bearer ${wallB}`, 'accept-encoding': 'gzip;q=0, identity' },
    })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(await refused.text()).toBe(json)
    // A wall revalidating its gzipped copy gets 304 with no body and no encoding.
    const again = await ctx.app.request('/api/v1/indicators', {
      headers: {
        authorization: `Bearer ${wallA}`,
        'accept-encoding': 'gzip',
        'if-none-match': plain.headers.get('etag')!,
      },
    })
    expect(again.status).toBe(304)
    expect(again.headers.get('content-encoding')).toBeNull()
  })

  it('lets concurrent callers wait for one build instead of each querying', async () => {
    await ctx.app.request('/api/v1/health') // any GET outside the shared reads changes nothing
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: CLOUD, period: '2023-Q4', value: 52 }],
    })
    await waitProcessed<Submission>(reporter, sent.body.id)
    await new Promise((r) => setTimeout(r, 200)) // the change event reaches this process
    const answers = await Promise.all(Array.from({ length: 20 }, () => read(wallA)))
    const how = answers.map((r) => r.headers.get('x-snapshot'))
    expect(how.filter((h) => h === 'built')).toHaveLength(1)
    expect(how.filter((h) => h === 'shared' || h === 'hit')).toHaveLength(19)
  })

  it('never serves a value older than the change event that announced it', async () => {
    expect((await read(wallA)).status).toBe(200)
    // As a wall does: hear the change on the stream, then refetch at once; the answer must hold the new value.
    const heard = new Promise<void>((resolve) => {
      const off = ctx.events!.subscribe((e) => {
        if (e.type === 'status' && e.latestValue === 71) {
          off()
          resolve()
        }
      })
    })
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: CLOUD, period: '2024-Q1', value: 71 }],
    })
    await waitProcessed<Submission>(reporter, sent.body.id)
    await heard
    expect(await cloudValue(await read(wallA))).toBe(71)
  })

  it('drops the snapshots when this process answers a write, so the writer reads back what it wrote', async () => {
    expect((await read(wallA, '/api/v1/jurisdictions')).headers.get('x-snapshot')).toMatch(/built|hit/)
    const res = await ctx.app.request('/api/v1/submissions', {
      method: 'POST',
      headers: { authorization: `Bearer ${wallA}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect((await read(wallA, '/api/v1/jurisdictions')).headers.get('x-snapshot')).toBe('built')
  })
})
