import { randomBytes } from 'node:crypto'
import type { Health } from '@cockpit/contracts'
import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { createRedis } from '@cockpit/services/messaging'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './redis-server.js'
import { type ChildApp, spawnApp, waitUntilServing } from './testing/child-app.js'
import { departmentToken, displayKey, ownedIndicators, sseReader, testRedisUrl, waitFor } from '@cockpit/api/testing'

const postgres = testDatabases().find((t) => t.name === 'postgres')

/** Batches of distinct values for the 南昌 市政数局's monthly indicators, each a real new revision. */
async function batches(db: Kysely<Database>, departmentId: number, count: number, size: number) {
  const owned = (await ownedIndicators(db, departmentId)).filter((i) => i.start_year <= 2022 && i.cadence === 'monthly')
  const keys = owned.flatMap((i) =>
    Array.from({ length: 24 }, (_, n) => ({
      indicator: i.id,
      period: `${2022 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
      measure: i.measure,
    })),
  )
  return Array.from({ length: count }, (_, b) => ({
    items: Array.from({ length: size }, (_, k) => {
      const key = keys[(b * size + k) % keys.length]!
      return {
        indicator: key.indicator,
        period: key.period,
        value: key.measure === 'percent' ? ((b * 7 + k) % 90) + 1 : b * 1000 + k + 1,
      }
    }),
  }))
}

const processed = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('submissions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'processed')
        .executeTakeFirstOrThrow()
    ).n,
  )

/** A Redis connection once it is ready (the shared factory's connections queue nothing while connecting). */
const connectedRedis = async () => {
  const redis = createRedis(testRedisUrl(), 'producer')
  await new Promise((r) => redis.once('ready', r))
  return redis
}

/** The pid the supervisor logged for one of its processes (the latest start of it). */
const pidOf = (sup: ChildApp, name: string) => {
  const line = sup.logs.filter((l) => l.msg === 'process started' && l.process === name).at(-1)
  return line ? Number(line.childPid) : undefined
}

describe.runIf(postgres)('more than one process (npm start -- --api 2 --workers 2) on PostgreSQL', () => {
  let handle: DbHandle & { url?: string }
  let sup: ChildApp
  let baseUrl: string
  const prefix = `{t${randomBytes(4).toString('hex')}}`

  beforeAll(async () => {
    handle = await postgres!.open()
    await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
    const port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    sup = spawnApp(
      'scale-out',
      'apps/launcher/src/scale-out.ts',
      {
        DATABASE_URL: handle.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        HOST: '127.0.0.1',
        PORT: String(port),
        WORKER_CONCURRENCY: '2',
        WORKER_LOCK_MS: '5000',
        SWEEP_EVERY_MS: '1000',
        STUCK_AFTER_MS: '3000',
        WORKER_HEARTBEAT_MS: '500',
        DRAIN_TIMEOUT_MS: '15000',
        UPLOAD_PARSE_THREADS: '1',
      },
      ['--api', '2', '--workers', '2', '--no-seed'],
    )
    await waitUntilServing(sup, `${baseUrl}/api/v1/health/live`, 180_000)
    await waitFor(
      async () => {
        const h = (await fetch(`${baseUrl}/api/v1/health`).then((r) => r.json())) as Health
        return h.workers?.alive === 2 && h.status === 'ok' ? true : undefined
      },
      120_000,
      250,
    )
    // The port answers as soon as one API process listens; wait for the second too.
    await waitFor(async () => (sup.count('API listening') === 2 ? true : undefined), 120_000, 100)
  }, 240_000)

  afterAll(async () => {
    await sup?.kill('SIGKILL')
    const redis = await connectedRedis()
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length) await redis.del(...keys)
    redis.disconnect()
    await handle?.close()
  }, 60_000)

  it('runs two API processes on one port and two worker processes, every Redis key under the hash-tagged prefix', async () => {
    const pids = ['api-1', 'api-2', 'worker-1', 'worker-2'].map((n) => pidOf(sup, n))
    expect(pids.every((p) => Number.isInteger(p))).toBe(true)
    expect(new Set(pids).size).toBe(4)
    expect(sup.count('API listening')).toBe(2)
    expect(sup.count('workers started')).toBe(2)
    // Redis Cluster: every key of the deployment starts with the one hash tag, so all share one slot.
    const redis = await connectedRedis()
    const tag = prefix.slice(1, -1)
    const keys = await redis.keys(`*${tag}*`)
    redis.disconnect()
    expect(keys.length).toBeGreaterThan(5)
    expect(keys.filter((k) => !k.startsWith(prefix))).toEqual([])
  })

  it('brings a value ingested by a worker process to an event stream held by an API process', async () => {
    const screen = await displayKey(handle.db, '360100')
    const abort = new AbortController()
    const res = await fetch(`${baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${screen.token}` },
      signal: abort.signal,
    })
    expect(res.status).toBe(200)
    const stream = sseReader(res.body!)
    await stream.readUntil('event: hello', 10_000)
    const dept = await departmentToken(handle.db, '360100', 'szsj')
    const posted = await fetch(`${baseUrl}/api/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dept.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ indicator: 'nanchang-2023/dzzz-yzl', period: '2024-05', value: 61 }] }),
    })
    expect(posted.status).toBe(202)
    await stream.readUntil('"latestValue":61', 20_000)
    const line = stream
      .text()
      .split('\n')
      .find((l) => l.startsWith('data:') && l.includes('"latestValue":61'))!
    expect(JSON.parse(line.slice(5))).toMatchObject({ type: 'status', jurisdictionCode: '360100', latestValue: 61 })
    abort.abort()
    await stream.cancel()
  })

  it('loses no job when a worker process is sent SIGTERM in the middle of the load: it drains, is restarted, and every submission is processed once', async () => {
    const dept = await departmentToken(handle.db, '360100', 'szsj')
    const before = await processed(handle.db)
    const all = await batches(handle.db, dept.departmentId, 40, 60)
    for (const b of all) {
      const r = await fetch(`${baseUrl}/api/v1/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dept.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(b),
      })
      expect(r.status).toBe(202)
    }
    await waitFor(async () => ((await processed(handle.db)) >= before + 3 ? true : undefined), 60_000, 20)
    const victim = pidOf(sup, 'worker-1')!
    const drainedBefore = sup.count('workers drained')
    process.kill(victim, 'SIGTERM')
    expect(await processed(handle.db)).toBeLessThan(before + all.length)
    await waitFor(async () => (sup.count('workers drained') > drainedBefore ? true : undefined), 30_000, 50)
    await waitFor(async () => (pidOf(sup, 'worker-1') !== victim ? true : undefined), 30_000, 100)
    expect(
      sup.logs.some((l) => l.msg === 'process exited; restarting it' && l.childPid === victim && l.code === 0),
    ).toBe(true)
    await waitFor(async () => ((await processed(handle.db)) === before + all.length ? true : undefined), 120_000, 250)
    // The replacement is up (a process stopped before its code has even loaded has nothing to drain).
    await waitFor(async () => (sup.count('workers started') === 3 ? true : undefined), 120_000, 100)

    const subs = await handle.db
      .selectFrom('submissions')
      .select(['state', 'item_count', 'accepted_count', 'unchanged_count', 'rejected_count'])
      .execute()
    for (const s of subs) {
      expect(s.state).toBe('processed')
      expect(s.accepted_count + s.unchanged_count + s.rejected_count).toBe(s.item_count)
    }
    const dup = await sql<{
      n: number
    }>`select count(*)::int as n from (select submission_id, item_seq from observations group by 1, 2 having count(*) > 1) d`.execute(
      handle.db,
    )
    expect(dup.rows[0]!.n).toBe(0)
  })

  it('drains every process on SIGTERM: open event streams are told to reconnect, processes exit 0', async () => {
    const screen = await displayKey(handle.db, '360100')
    const res = await fetch(`${baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${screen.token}` } })
    const stream = sseReader(res.body!)
    await stream.readUntil('event: hello', 10_000)
    await sup.kill('SIGTERM')
    await stream.readUntil('event: reconnect', 5000)
    expect(stream.text()).toContain('retry: 1000')
    expect(await sup.exited).toBe(0)
    expect(sup.count('API drained')).toBe(2)
    expect(sup.logs.filter((l) => l.msg === 'process stopped').map((l) => l.code)).toEqual([0, 0, 0, 0])
  })
})
