import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, sseReader, waitFor } from './testing/http.js'
import { createUser, departmentToken, displayKey, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const [pglite] = testDatabases()
const TOKEN = 'scrape-token-for-the-tests-0123456789'

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('/api/v1/metrics (Prometheus)', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  const scrape = async (authorization = `Bearer ${TOKEN}`) => {
    const res = await ctx.app.request('/api/v1/metrics', { headers: { authorization } })
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
  }
  beforeAll(async () => {
    ctx = await seededApp(pglite!, { withQueue: true, metricsToken: TOKEN })
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('answers the scraper token and administrators only; the token opens nothing else', async () => {
    const ok = await scrape()
    expect(ok.status).toBe(200)
    expect(ok.type).toContain('text/plain')
    expect((await ctx.app.request('/api/v1/metrics')).status).toBe(401)
    expect((await scrape('Bearer not-the-scrape-token-but-long-enough')).status).toBe(401)
    const viewer = await displayKey(ctx.handle.db, '360100')
    expect((await scrape(`Bearer ${viewer.token}`)).status).toBe(403)
    // The scraper's token is no API token: any other route refuses it.
    expect(
      (await ctx.app.request('/api/v1/indicators', { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(401)
    await createUser(ctx.handle.db, { username: 'ops-admin', password: 'ops-admin-password-1', role: 'admin' })
    const admin = await loginClient(ctx.app, 'ops-admin', 'ops-admin-password-1')
    const viaSession = await ctx.app.request('/api/v1/metrics', { headers: { cookie: admin.auth.cookie } })
    expect(viaSession.status).toBe(200)
  })

  it('records request latency by route pattern, never by raw path', async () => {
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const api = client(ctx.app, { token: dept.token })
    const id = (await ownedIndicators(ctx.handle.db, dept.departmentId))[0]!.id
    expect((await api.get(`/api/v1/indicators/${id}`)).status).toBe(200)
    expect((await api.get('/api/v1/indicators/987654321')).status).toBe(404)
    const { text } = await scrape()
    expect(
      sample(
        text,
        'cockpit_http_request_duration_seconds_count{method="GET",route="/api/v1/indicators/:id",status="200"}',
      ),
    ).toBe(1)
    expect(
      sample(
        text,
        'cockpit_http_request_duration_seconds_count{method="GET",route="/api/v1/indicators/:id",status="404"}',
      ),
    ).toBe(1)
    expect(text).not.toContain(`/api/v1/indicators/${id}"`)
    expect(text).not.toContain('987654321')
  })

  it('shows open event streams, queue depths, ingest lag and the workers’ job durations', async () => {
    const abort = new AbortController()
    const screen = await displayKey(ctx.handle.db, '360100')
    const res = await ctx.app.request('/api/v1/events', {
      headers: { authorization: `Bearer ${screen.token}` },
      signal: abort.signal,
    })
    const stream = sseReader(res.body!)
    await stream.readUntil('event: hello', 5000)
    expect(sample((await scrape()).text, 'cockpit_sse_clients')).toBe(1)

    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const posted = await client(ctx.app, { token: dept.token }).post('/api/v1/submissions', {
      items: [{ indicator: 'nanchang-2023/dzzz-yzl', period: '2024-05', value: 47 }],
    })
    expect(posted.status).toBe(202)
    const text = await waitFor(
      async () => {
        const t = (await scrape()).text
        return (sample(t, 'cockpit_job_duration_seconds_count{queue="ingest"}') ?? 0) >= 1 ? t : undefined
      },
      15_000,
      100,
    )
    expect(sample(text, 'cockpit_job_failures_total{queue="ingest"}')).toBe(0)
    expect(sample(text, 'cockpit_queue_jobs{queue="ingest",state="waiting"}')).toBeGreaterThanOrEqual(0)
    expect(sample(text, 'cockpit_redis_up')).toBe(1)
    expect(sample(text, 'cockpit_workers_alive')).toBe(1)
    expect(sample(text, 'cockpit_ingest_lag_seconds')).toBe(0)
    expect(text).toContain('# TYPE cockpit_job_duration_seconds histogram')

    abort.abort()
    await stream.cancel()
    await waitFor(async () => (sample((await scrape()).text, 'cockpit_sse_clients') === 0 ? true : undefined), 5000, 50)
  })
})
