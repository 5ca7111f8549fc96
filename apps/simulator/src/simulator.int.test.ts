import type { Indicator, Plan } from '@cockpit/contracts'
import { departmentToken, seededApp } from '@cockpit/api/testing'
import { testDatabases } from '@cockpit/db/testing'
import { periodsBetween } from '@cockpit/domain'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { departmentHabits } from './schedule.js'
import { startSimulator, type RunningSimulator } from './simulator.js'

/** Polls until `check` returns a value (not undefined) or the time runs out (as apps/api's testing helper). */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/**
 * A database read, retried while it fails. On PGlite every caller shares one session and @cockpit/db
 * does not serialise transactions, so a read that lands inside a worker's transaction can fail
 * (BeginTransactionBlock: unexpected state END, ERRORDATA_STACK_SIZE exceeded); the next try succeeds.
 */
const settledRead = <T>(read: () => Promise<T>): Promise<T> =>
  waitFor(
    async () => {
      try {
        return await read()
      } catch {
        return undefined
      }
    },
    15_000,
    100,
  )

// PGlite only: the simulator adds nothing database-specific, and this keeps the suite fast.
const target = testDatabases()[0]!
const departments = [
  ['360100', 'szsj'],
  ['511724', 'ldxz-bgs'],
  ['330800', 'xtxz'],
] as const
const today = '2024-06-30'
// The simulator retries failed requests on later ticks; a few are allowed for the race described above.
const MAX_TICKS = 5

describe(`the simulator against the API on ${target.name}`, () => {
  const now = () => new Date(`${today}T04:00:00Z`)
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let tokens: { departmentId: number; token: string }[]
  const sims: RunningSimulator[] = []
  // One write at a time: each submission is processed before the next request reaches the database,
  // so the API's insert never lands inside the worker's transaction (see settledRead).
  const fetchFn: typeof fetch = async (input, init) => {
    const res = await ctx.app.fetch(new Request(input, init))
    if (init?.method === 'POST') await ingestDrained()
    return res
  }
  const get = <T>(path: string): Promise<T> =>
    settledRead(async () => {
      // Reads need a caller; a department's token reads the plan data like the simulator itself.
      const res = await ctx.app.request(path, { headers: { authorization: `Bearer ${tokens[0]!.token}` } })
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`)
      return (await res.json()) as T
    })
  const simulate = () => {
    const sim = startSimulator({
      baseUrl: 'http://sim.test',
      fetch: fetchFn,
      departments: tokens,
      now,
      tickMs: 3_600_000,
      seed: 42,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    })
    sims.push(sim)
    return sim
  }
  /** Ticks until every department's batch was accepted (normally the first tick). */
  const tickUntilAccepted = async (sim: RunningSimulator) => {
    for (let i = 0; i < MAX_TICKS && sim.stats().submissions < tokens.length; i++) await sim.tick()
    expect(sim.stats().submissions).toBe(tokens.length)
  }
  const count = (table: 'observations' | 'submissions') =>
    settledRead(async () =>
      Number(
        (
          await ctx.handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    )
  const ingestDrained = () =>
    waitFor(
      async () => {
        const c = await ctx.producers!.ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0 ? true : undefined
      },
      60_000,
      200,
    )

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now, workerConcurrency: 1 })
    tokens = []
    for (const [jurisdiction, key] of departments) {
      const t = await settledRead(() => departmentToken(ctx.handle.db, jurisdiction, key))
      tokens.push({ departmentId: t.departmentId, token: t.token })
    }
  })
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()))
    await ctx?.close()
  })

  it('reports every due value of its departments through the API, so their indicators get statuses, and never twice', async () => {
    // With three departments none is late or skipping, so every period ended a few days ago must arrive.
    expect([
      ...departmentHabits(
        42,
        tokens.map((t) => t.departmentId),
      ).values(),
    ]).toEqual(['prompt', 'prompt', 'prompt'])
    const plans = new Map((await get<{ items: Plan[] }>('/api/v1/plans')).items.map((p) => [p.key, p]))
    const withToken = new Set(tokens.map((t) => t.departmentId))
    const expected: Indicator[] = []
    for (const { departmentId } of tokens) {
      const { items } = await get<{ items: Indicator[] }>(`/api/v1/indicators?department=${departmentId}`)
      for (const ind of items) {
        const reporter = ind.departments.find((d) => d.role === 'lead' && withToken.has(d.id))?.id
        const plan = plans.get(ind.planKey)!
        // Prompt departments report within 4 days of a period's end.
        const ended = periodsBetween(ind.cadence, `${plan.startYear}-01-01`, `${plan.endYear}-12-31`).some(
          (p) => p.end <= '2024-06-26',
        )
        if (reporter === departmentId && ind.targets.length > 0 && ended) expected.push(ind)
      }
    }
    expect(expected.length).toBeGreaterThan(20)
    expect(expected.every((i) => i.status.status === 'no-data')).toBe(true)

    const sim = simulate()
    await sim.tick()
    await tickUntilAccepted(sim)
    expect(sim.stats().lastTick).toBe(now().toISOString())

    // Reads wait for the worker to finish first, which keeps them out of its transactions (see settledRead).
    await ingestDrained()
    const statuses = await waitFor(
      async () => {
        const byId = new Map<number, Indicator>()
        for (const { departmentId } of tokens)
          for (const i of (await get<{ items: Indicator[] }>(`/api/v1/indicators?department=${departmentId}`)).items)
            byId.set(i.id, i)
        const current = expected.map((i) => byId.get(i.id)!.status.status)
        return current.every((s) => s !== 'no-data') ? current : undefined
      },
      60_000,
      200,
    )
    // A live cockpit, not a wall of green: the profiles spread indicators over several statuses.
    expect(new Set(statuses).size).toBeGreaterThanOrEqual(3)

    // Every value was valid for the API: the worker accepted all and rejected none.
    const subs = await settledRead(() =>
      ctx.handle.db
        .selectFrom('submissions')
        .select(['state', 'item_count', 'accepted_count', 'rejected_count', 'channel'])
        .execute(),
    )
    expect(subs).toHaveLength(tokens.length)
    for (const s of subs)
      expect(s).toMatchObject({ state: 'processed', channel: 'api', rejected_count: 0, accepted_count: s.item_count })
    const values = sim.stats().values
    expect(await count('observations')).toBe(values)

    // One value per indicator and period, and it is the reporting department's own.
    const dup = await settledRead(() =>
      ctx.handle.db
        .selectFrom('observations')
        .select(['indicator_id', 'period_key'])
        .groupBy(['indicator_id', 'period_key'])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute(),
    )
    expect(dup).toEqual([])
    const history = await get<{ periods: { revisions: { source: string; departmentId: number | null }[] }[] }>(
      `/api/v1/indicators/${expected[0]!.id}/observations`,
    )
    expect(history.periods.length).toBeGreaterThan(0)
    for (const p of history.periods)
      expect(p.revisions).toEqual([expect.objectContaining({ source: 'api', departmentId: expect.any(Number) })])

    // The clock has not moved: another tick has nothing new to send.
    const before = sim.stats()
    await sim.tick()
    expect(sim.stats()).toMatchObject({
      submissions: before.submissions,
      values: before.values,
      failures: before.failures,
    })
    expect(await count('submissions')).toBe(tokens.length)
    expect(await count('observations')).toBe(values)

    // A restarted simulator has forgotten what it sent and sends it again: the same Idempotency-Key
    // makes the API answer with the first submission, storing nothing.
    const restarted = simulate()
    await restarted.tick()
    await tickUntilAccepted(restarted)
    expect(restarted.stats().values).toBe(values)
    await ingestDrained()
    expect(await count('submissions')).toBe(tokens.length)
    expect(await count('observations')).toBe(values)
  })
})
