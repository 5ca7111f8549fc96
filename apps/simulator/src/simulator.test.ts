import type { SubmitItem } from '@cockpit/contracts'
import { addDays } from '@cockpit/domain'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { SimIndicator } from './catalog.js'
import { reportDelayDays } from './schedule.js'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js'
import { apiIndicator, apiPlan, testIndicator } from './test-fixtures.js'

interface Posted {
  token: string | null
  key: string | null
  items: SubmitItem[]
}

type Answer = number | 'network-error'

/** A stand-in for the API: serves a catalogue, records submissions and answers them as scripted (202 by default). */
function fakeApi(indicators: SimIndicator[], horizon = { startYear: 2023, endYear: 2025 }) {
  const posts: Posted[] = []
  const script: Answer[] = []
  let catalogDown = false
  const fetchFn: typeof fetch = async (input, init) => {
    const req = new Request(input, init)
    const path = new URL(req.url).pathname
    if (req.method === 'GET') {
      if (catalogDown) throw new TypeError('fetch failed')
      if (path === '/api/v1/indicators')
        return Response.json({ items: indicators.map(apiIndicator), total: indicators.length })
      if (path === '/api/v1/plans') return Response.json({ items: [apiPlan('test-plan', horizon)] })
      if (path === '/api/v1/jurisdictions') return Response.json({ items: [] })
    }
    if (req.method === 'POST' && path === '/api/v1/submissions') {
      const body = (await req.json()) as { items: SubmitItem[] }
      posts.push({
        token: req.headers.get('authorization'),
        key: req.headers.get('idempotency-key'),
        items: body.items,
      })
      const answer = script.shift() ?? 202
      if (answer === 'network-error') throw new TypeError('fetch failed')
      if (answer === 202)
        return Response.json(
          { id: crypto.randomUUID(), state: 'received', itemCount: body.items.length, replayed: false },
          { status: 202 },
        )
      return Response.json({ code: 'x', message: `scripted ${answer}`, requestId: 'r' }, { status: answer })
    }
    return Response.json({ code: 'not_found', message: 'no route', requestId: 'r' }, { status: 404 })
  }
  return {
    fetchFn,
    posts,
    answerNext: (...answers: Answer[]) => script.push(...answers),
    setCatalogDown: (down: boolean) => {
      catalogDown = down
    },
  }
}

const silent = pino({ level: 'silent' })
let running: RunningSimulator[] = []
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()))
  running = []
})

/** Ticks only when told to: the automatic tick interval is an hour. */
function simulate(api: ReturnType<typeof fakeApi>, clock: { at: Date }, extra: Partial<SimulatorOptions> = {}) {
  const sim = startSimulator({
    baseUrl: 'http://sim.test/',
    fetch: api.fetchFn,
    departments: [{ departmentId: 1, token: 'csk_one' }],
    now: () => clock.at,
    tickMs: 3_600_000,
    logger: silent,
    ...extra,
  })
  running.push(sim)
  return sim
}

describe('startSimulator', () => {
  it('backfills every due value in one request per department on start, with its token and an Idempotency-Key, then sends nothing twice', async () => {
    const api = fakeApi([testIndicator(), testIndicator({ id: 2, cadence: 'quarterly' })])
    const clock = { at: new Date('2024-06-30T04:00:00Z') }
    const sim = simulate(api, clock)
    await sim.tick()
    expect(api.posts).toHaveLength(1)
    const [post] = api.posts
    expect(post!.token).toBe('Bearer csk_one')
    expect(post!.key).toMatch(/^sim-d1-[0-9a-f]{48}$/)
    expect(post!.items.filter((i) => i.indicator === 1).length).toBeGreaterThanOrEqual(17)
    expect(post!.items.filter((i) => i.indicator === 2).map((i) => i.period)).toEqual(
      expect.arrayContaining(['2023-Q1', '2023-Q4', '2024-Q1']),
    )
    expect(sim.stats()).toMatchObject({
      submissions: 1,
      values: post!.items.length,
      failures: 0,
      lastTick: '2024-06-30T04:00:00.000Z',
    })
    await sim.tick()
    expect(api.posts).toHaveLength(1)
  })

  it('submits a period once it is due by the date in Asia/Shanghai, not in UTC', async () => {
    const api = fakeApi([testIndicator({ cadence: 'yearly' })])
    const dueDay = addDays('2023-12-31', reportDelayDays(42, 1, 'prompt', '2023')!)
    // 16:30 UTC on the day before is 00:30 on dueDay in Shanghai; an hour earlier it is still the day before.
    const clock = { at: new Date(`${addDays(dueDay, -1)}T15:30:00Z`) }
    const sim = simulate(api, clock)
    await sim.tick()
    expect(api.posts).toHaveLength(0)
    clock.at = new Date(`${addDays(dueDay, -1)}T16:30:00Z`)
    await sim.tick()
    expect(api.posts.map((p) => p.items.map((i) => i.period))).toEqual([['2023']])
  })

  it('sends newly due periods on later ticks as the clock moves', async () => {
    const api = fakeApi([testIndicator()])
    const clock = { at: new Date('2023-03-10T04:00:00Z') }
    const sim = simulate(api, clock)
    await sim.tick()
    const first = api.posts.flatMap((p) => p.items.map((i) => i.period))
    expect(first).toEqual(['2023-01', '2023-02'])
    clock.at = new Date('2023-05-10T04:00:00Z')
    await sim.tick()
    expect(api.posts.at(-1)!.items.map((i) => i.period)).toEqual(['2023-03', '2023-04'])
  })

  it('retries a batch the API failed on (5xx) on a later tick with the same Idempotency-Key and body', async () => {
    const api = fakeApi([testIndicator()])
    api.answerNext(503)
    const sim = simulate(api, { at: new Date('2023-08-10T04:00:00Z') })
    await sim.tick()
    expect(api.posts).toHaveLength(2)
    expect(api.posts[1]!.key).toBe(api.posts[0]!.key)
    expect(api.posts[1]!.items).toEqual(api.posts[0]!.items)
    expect(sim.stats()).toMatchObject({ submissions: 1, failures: 1 })
    await sim.tick()
    expect(api.posts).toHaveLength(2)
  })

  it('survives network errors and an unreachable catalogue, and catches up once the API is back', async () => {
    const api = fakeApi([testIndicator()])
    api.setCatalogDown(true)
    const sim = simulate(api, { at: new Date('2023-08-10T04:00:00Z') })
    await sim.tick()
    expect(api.posts).toHaveLength(0)
    expect(sim.stats().failures).toBe(2)
    api.setCatalogDown(false)
    api.answerNext('network-error')
    await sim.tick()
    await sim.tick()
    expect(api.posts).toHaveLength(2)
    expect(api.posts[1]!.key).toBe(api.posts[0]!.key)
    expect(sim.stats()).toMatchObject({ submissions: 1, failures: 3 })
  })

  it('does not send again what the API refused as invalid', async () => {
    const api = fakeApi([testIndicator()])
    api.answerNext(400)
    const sim = simulate(api, { at: new Date('2023-08-10T04:00:00Z') })
    await sim.tick()
    expect(api.posts).toHaveLength(1)
    expect(sim.stats()).toMatchObject({ submissions: 0, failures: 1 })
  })

  it('drops a department whose token is refused and lets another lead report its indicators', async () => {
    const shared = testIndicator({
      departments: [
        { id: 1, key: 'd1', name: '一', role: 'lead' },
        { id: 2, key: 'd2', name: '二', role: 'lead' },
      ],
    })
    const api = fakeApi([shared])
    api.answerNext(401)
    const sim = simulate(
      api,
      { at: new Date('2023-08-10T04:00:00Z') },
      {
        departments: [
          { departmentId: 1, token: 'csk_revoked' },
          { departmentId: 2, token: 'csk_two' },
        ],
      },
    )
    await sim.tick()
    expect(api.posts.map((p) => p.token)).toEqual(['Bearer csk_revoked', 'Bearer csk_two'])
    await sim.tick()
    expect(api.posts).toHaveLength(2)
  })

  it('ticks by itself every tickMs and stops when asked', async () => {
    const api = fakeApi([testIndicator()])
    const clock = { at: new Date('2023-03-10T04:00:00Z') }
    const sim = simulate(api, clock, { tickMs: 5 })
    await waitFor(async () => (api.posts.length > 0 ? true : undefined))
    clock.at = new Date('2023-05-10T04:00:00Z')
    await waitFor(async () => (api.posts.length > 1 ? true : undefined))
    await sim.stop()
    const sent = api.posts.length
    clock.at = new Date('2023-09-10T04:00:00Z')
    await sim.tick()
    await new Promise((r) => setTimeout(r, 30))
    expect(api.posts).toHaveLength(sent)
  })
})

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
