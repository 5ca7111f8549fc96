import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Health, SubmissionAccepted } from '@cockpit/contracts'
import { createDb, type Database, type DbHandle, migrateToLatest } from '@cockpit/db'
import { findPostgresBin, type PostgresServer, startPostgresServer, testDatabases } from '@cockpit/db/testing'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { startWorkers } from '@cockpit/runtime'
import { type Kysely, sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ChildApp, spawnApp, waitUntilServing } from './testing/child-app.js'
import { client, departmentToken, ownedIndicators, seededApp, testRedisUrl, waitFor } from '@cockpit/api/testing'
import { freePort, type RedisServer, startRedisServer } from './redis-server.js'
import { type Accounting, accountFor } from './testing/fault-accounting.js'
import { errorTotal, firstAckAfter, type LoadStats, startLoad } from './testing/retrying-load.js'

const repoRoot = resolve(import.meta.dirname, '../../..')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) {
    const t = Date.now()
    const fn = cleanups.pop()!
    await fn().catch(() => {})
    if (process.env.DEBUG_CLEANUP) console.log('cleanup', Date.now() - t, fn.toString().slice(0, 60))
  }
})

/** Batches of distinct values for the 南昌 市政数局's indicators, spread over months so no two collide. */
async function batches(db: Kysely<Database>, departmentId: number, count: number, size: number) {
  const owned = (await ownedIndicators(db, departmentId)).filter((i) => i.start_year <= 2022)
  const keys: { indicator: number; period: string; measure: string }[] = []
  for (const i of owned) {
    const periods =
      i.cadence === 'monthly'
        ? Array.from({ length: 30 }, (_, n) => `${2022 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`)
        : i.cadence === 'quarterly'
          ? Array.from({ length: 10 }, (_, n) => `${2022 + Math.floor(n / 4)}-Q${(n % 4) + 1}`)
          : ['2022', '2023']
    for (const period of periods) keys.push({ indicator: i.id, period, measure: i.measure })
  }
  const out: { items: { indicator: number; period: string; value: number }[] }[] = []
  for (let b = 0; b < count; b++) {
    const items = []
    for (let k = 0; k < size; k++) {
      const key = keys[(b * size + k) % keys.length]!
      // Each batch gets its own value so every item is a real new revision.
      items.push({
        indicator: key.indicator,
        period: key.period,
        value: key.measure === 'percent' ? ((b * 7 + k) % 90) + 1 : b + k + 1,
      })
    }
    out.push({ items })
  }
  return out
}

/** Every submission accounted for (accepted + unchanged + rejected = items) and no (submission, item) twice. */
async function assertNothingLostOrDoubled(db: Kysely<Database>, expectedSubmissions: number) {
  const subs = await db
    .selectFrom('submissions')
    .select(['state', 'item_count', 'accepted_count', 'unchanged_count', 'rejected_count', 'id'])
    .execute()
  expect(subs).toHaveLength(expectedSubmissions)
  for (const s of subs) {
    expect(s.state).toBe('processed')
    expect(s.accepted_count + s.unchanged_count + s.rejected_count).toBe(s.item_count)
  }
  const accepted = subs.reduce((n, s) => n + s.accepted_count, 0)
  const obs = await db
    .selectFrom('observations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  expect(Number(obs.n)).toBe(accepted)
  const dup = await sql<{
    n: number
  }>`select count(*)::int as n from (select submission_id, item_seq from observations group by 1, 2 having count(*) > 1) d`.execute(
    db,
  )
  expect(dup.rows[0]!.n).toBe(0)
}

const processedCount = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('submissions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'processed')
        .executeTakeFirstOrThrow()
    ).n,
  )
/** Status recomputes still owed after ingest (coalesced: drained by the status queue after "processed"). */
const owedRecomputes = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('status_marks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe.each(testDatabases())('faults on $name', (target) => {
  /** A stalled Redis (SIGSTOP: connections open, no answer) and a stopped one (kill -9), each for 10 s. */
  const redisOutages = [
    {
      kind: 'stalled',
      begin: async (r: RedisServer) => r.pause(),
      end: async (r: RedisServer) => {
        r.resume()
        return r
      },
    },
    {
      kind: 'stopped',
      begin: (r: RedisServer) => r.kill(),
      end: (_r: RedisServer, dir: string, port: number) => startRedisServer(dir, { port }),
    },
  ] as const

  it.each(redisOutages)(
    'acknowledges every submission and task report at once while Redis is $kind, says so in health, and processes each exactly once when it is back',
    async (outage) => {
      const dir = mkdtempSync(join(tmpdir(), 'cockpit-redis-'))
      const redis = await startRedisServer(dir)
      const port = Number(new URL(redis.url).port)
      let current = redis
      cleanups.push(() => current.stop())
      const logs: { level: number; msg: string }[] = []
      const logger = pino(
        { level: 'debug' },
        { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) },
      )
      const ctx = await seededApp(target, { withQueue: true, redisUrl: redis.url, enqueueTimeoutMs: 300, logger })
      cleanups.push(() => ctx.close())
      const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
      const api = client(ctx.app, { token: dept.token })
      const all = await batches(ctx.handle.db, dept.departmentId, 58, 10)
      const { id: taskId } = await ctx.handle.db
        .selectFrom('tasks as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .select('t.id')
        .where('p.key', '=', 'nanchang-2023')
        .where('t.key', '=', 't1-1')
        .executeTakeFirstOrThrow()
      const health = async () => {
        const t = Date.now()
        const res = await ctx.app.request('/api/v1/health')
        return { ms: Date.now() - t, code: res.status, body: (await res.json()) as Health }
      }

      for (const b of all.slice(0, 4))
        expect((await api.post<SubmissionAccepted>('/api/v1/submissions', b)).status).toBe(202)
      await waitFor(async () => ((await health()).body.status === 'ok' ? true : undefined), 20_000, 100)

      const logsBefore = logs.length
      await outage.begin(redis)
      const outageStart = Date.now()
      // Health asked every 300 ms meanwhile, as a monitor would.
      const healthDuring: Awaited<ReturnType<typeof health>>[] = []
      let watching = true
      const watcher = (async () => {
        while (watching) {
          healthDuring.push(await health())
          await sleep(300)
        }
      })()
      // 50 submissions during the outage, five at a time, each timed.
      const during = all.slice(4, 54)
      const answers: { status: number; ms: number }[] = []
      for (let i = 0; i < during.length; i += 5) {
        const round = await Promise.all(
          during.slice(i, i + 5).map(async (b) => {
            const t = Date.now()
            const r = await api.post<SubmissionAccepted>('/api/v1/submissions', b)
            return { status: r.status, ms: Date.now() - t }
          }),
        )
        answers.push(...round)
      }
      // A synchronous write that publishes a live change and queues an alert evaluation after its commit.
      const progressStart = Date.now()
      const progress = await api.post(`/api/v1/tasks/${taskId}/progress`, {
        stage: 'in-progress',
        progress: '已完成方案编制,正在组织实施',
      })
      const progressMs = Date.now() - progressStart
      const postedWithin = Date.now() - outageStart
      await sleep(Math.max(0, 10_000 - postedWithin))
      watching = false
      await watcher
      step(
        `Redis ${outage.kind}: posted in ${postedWithin} ms; slowest ${Math.max(...answers.map((a) => a.ms))} ms; task progress ${progressMs} ms; health ${healthDuring.map((h) => `${h.body.status}/${h.ms}`).join(' ')}`,
      )
      const outageLogs = logs.slice(logsBefore)
      current = await outage.end(redis, dir, port)
      for (const b of all.slice(54))
        expect((await api.post<SubmissionAccepted>('/api/v1/submissions', b)).status).toBe(202)

      // Every submission was acknowledged from its stored row, none held for the outage (a loose bound for a busy machine).
      expect(postedWithin).toBeLessThan(10_000)
      expect(answers.map((a) => a.status)).toEqual(during.map(() => 202))
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1500)
      expect(progress.status).toBe(201)
      expect(progressMs).toBeLessThan(1500)
      // Health answered quickly and said Redis was away (degraded, still serving).
      expect(Math.max(...healthDuring.map((h) => h.ms))).toBeLessThan(1500)
      expect(healthDuring.at(-1)).toMatchObject({
        code: 200,
        body: { status: 'degraded', ready: true, redis: { reachable: false } },
      })
      expect(healthDuring.at(-1)!.body.problems).toContain('Redis 不可达:提交仍会保存,恢复后自动补处理')
      // The outage is told once per kind of connection, never once per submission or reconnect attempt.
      const warned = outageLogs.filter((l) => l.level >= 40).map((l) => l.msg)
      expect(warned.filter((m) => m.endsWith('unavailable')).length).toBeGreaterThanOrEqual(1)
      expect(warned.length, warned.join(' | ')).toBeLessThanOrEqual(4)
      expect(outageLogs.filter((l) => l.level >= 50)).toEqual([])

      await waitFor(async () => ((await processedCount(ctx.handle.db)) === all.length ? true : undefined), 60_000, 200)
      await assertNothingLostOrDoubled(ctx.handle.db, all.length)
      await waitFor(async () => ((await health()).body.status === 'ok' ? true : undefined), 20_000, 200)
      expect(logs.slice(logsBefore).some((l) => l.msg === 'redis for producers back')).toBe(true)
    },
    120_000,
  )

  it('gives two worker sets the same result as one: no value counted twice, statuses current', async () => {
    const ctx = await seededApp(target, { withQueue: true, workerConcurrency: 3 })
    cleanups.push(() => ctx.close())
    const second = await startWorkers({
      db: ctx.handle.db,
      parsePool: ctx.parsePool,
      redisUrl: ctx.redisUrl,
      prefix: ctx.prefix,
      logger: ctx.logger,
      concurrency: 3,
      schedulers: false,
      now: () => new Date('2024-06-30T04:00:00Z'),
    })
    cleanups.push(() => second.close())
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const api = client(ctx.app, { token: dept.token })
    const all = await batches(ctx.handle.db, dept.departmentId, 16, 60)
    await Promise.all(all.map((b) => api.post('/api/v1/submissions', b)))
    // The same batches again, as a client that lost its answers would: counted as unchanged, not doubled.
    await Promise.all(all.map((b) => api.post('/api/v1/submissions', b)))
    await waitFor(
      async () =>
        (await processedCount(ctx.handle.db)) === all.length * 2 && (await owedRecomputes(ctx.handle.db)) === 0
          ? true
          : undefined,
      45_000,
      200,
    )
    await assertNothingLostOrDoubled(ctx.handle.db, all.length * 2)

    // Each stored status reflects the newest revision of its latest period.
    const stale = await sql<{ n: number }>`
      select count(*)::int as n from indicator_status s
      join lateral (
        select distinct on (period_key) period_key, period_end, value from observations o
        where o.indicator_id = s.indicator_id and o.jurisdiction_code = s.jurisdiction_code
        order by period_key, revision desc, id desc
      ) cur on cur.period_key = s.latest_period_key
      where cur.value is distinct from s.latest_value`.execute(ctx.handle.db)
    expect(stale.rows[0]!.n).toBe(0)
  })

  it.runIf(target.name === 'postgres')(
    'loses nothing when a worker process is killed in the middle of the batches',
    async () => {
      const ctx = await seededApp(target, { withQueue: true, noWorkers: true })
      cleanups.push(() => ctx.close())
      const handle = ctx.handle as typeof ctx.handle & { url?: string }
      const spawnWorker = (): ChildProcess => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
          cwd: repoRoot,
          env: {
            ...process.env,
            DATABASE_URL: handle.url,
            REDIS_URL: ctx.redisUrl,
            QUEUE_PREFIX: ctx.prefix,
            WORKER_CONCURRENCY: '2',
            WORKER_LOCK_MS: '2000',
            SWEEP_EVERY_MS: '500',
            STUCK_AFTER_MS: '1000',
            WORKER_HEARTBEAT_MS: '300',
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        cleanups.push(async () => {
          child.kill('SIGKILL')
        })
        return child
      }
      const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
      const api = client(ctx.app, { token: dept.token })
      const all = await batches(ctx.handle.db, dept.departmentId, 30, 200)
      for (const b of all) expect((await api.post('/api/v1/submissions', b)).status).toBe(202)

      const first = spawnWorker()
      await waitFor(async () => ((await processedCount(ctx.handle.db)) >= 3 ? true : undefined), 60_000, 20)
      first.kill('SIGKILL')
      const doneAtKill = await processedCount(ctx.handle.db)
      expect(doneAtKill).toBeLessThan(all.length)
      // Health is honest about it: no live worker while jobs wait (degraded, still serving: 200).
      const health = async () => {
        const res = await ctx.app.request('/api/v1/health')
        return { code: res.status, body: (await res.json()) as Health }
      }
      const dead = await waitFor(
        async () => {
          const h = await health()
          return h.body.workers?.alive === 0 ? h : undefined
        },
        10_000,
        100,
      )
      expect(dead).toMatchObject({
        code: 200,
        body: { status: 'degraded', ready: true, problems: expect.arrayContaining(['没有存活的后台处理进程']) },
      })
      expect(dead.body.queues.find((q) => q.name === 'ingest')!.waiting).toBeGreaterThan(0)
      spawnWorker()
      await waitFor(async () => ((await health()).body.workers?.alive === 1 ? true : undefined), 30_000, 100)
      await waitFor(async () => ((await processedCount(ctx.handle.db)) === all.length ? true : undefined), 90_000, 200)
      await assertNothingLostOrDoubled(ctx.handle.db, all.length)
    },
  )
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** FAULTS_VERBOSE=1 prints each step with the time since the file started (and the children's output). */
const fileStart = Date.now()
const step = (what: string) =>
  process.env.FAULTS_VERBOSE && console.log(`[faults +${((Date.now() - fileStart) / 1000).toFixed(1)} s] ${what}`)

/** Reads a query that may be refused for a moment (the database just came back): undefined means "ask again". */
const settled = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await read()
  } catch {
    return undefined
  }
}

interface HealthSample {
  at: number
  status: number
  retryAfter: string | null
  body: Health | null
  live: number
}

/** Polls /api/v1/health and /api/v1/health/live every 250 ms: what an orchestrator saw during a case. */
function watchHealth(baseUrl: string) {
  const samples: HealthSample[] = []
  let stopped = false
  const get = (path: string) =>
    fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(3000) }).then(
      async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json().catch(() => null)) as Health | null,
      }),
      () => ({ status: 0, retryAfter: null, body: null }),
    )
  const loop = (async () => {
    while (!stopped) {
      const [h, l] = await Promise.all([get('/api/v1/health'), get('/api/v1/health/live')])
      samples.push({ at: Date.now(), ...h, live: l.status })
      await sleep(250)
    }
  })()
  return {
    samples,
    async stop() {
      stopped = true
      await loop
    },
  }
}

/** Log lines a process wrote at error level or above since `from` (pino: 50 error, 60 fatal). */
const errorLines = (app: ChildApp, from: number) => app.logs.slice(from).filter((l) => l.level >= 50)

describe.runIf(findPostgresBin() !== null || process.env.CI === 'true')('on a PostgreSQL server of its own', () => {
  let server: PostgresServer
  let handle: DbHandle
  let url: string
  let token: string
  let bodies: { items: { indicator: number; period: string; value: number }[] }[]
  const table: string[] = []
  const children: ChildApp[] = []

  beforeAll(async () => {
    step('starting PostgreSQL')
    server = await startPostgresServer()
    step('PostgreSQL started')
    url = await server.createDatabase('faults')
    handle = await createDb({ kind: 'postgres', url, poolMax: 4, connectTimeoutMs: 2000 })
    await migrateToLatest(handle.db)
    await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
    const dept = await departmentToken(handle.db, '360100', 'szsj')
    token = dept.token
    bodies = await batches(handle.db, dept.departmentId, 3000, 1)
    step('database seeded')
  }, 240_000)

  afterAll(async () => {
    for (const c of children) await c.kill('SIGKILL')
    await handle?.close()
    await server?.close()
    if (table.length)
      console.log(
        [
          '',
          '| case | acknowledged | processed | duplicates | client errors seen | recover s | all processed s |',
          '|---|---|---|---|---|---|---|',
          ...table,
        ].join('\n'),
      )
  }, 60_000)

  const apiEnv = (prefix: string, port: number, extra: Record<string, string> = {}) => ({
    DATABASE_URL: url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    ...extra,
  })
  const workerEnv = (prefix: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '2',
    WORKER_LOCK_MS: '5000',
    SWEEP_EVERY_MS: '1000',
    STUCK_AFTER_MS: '3000',
    WORKER_HEARTBEAT_MS: '500',
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    ...extra,
  })
  const spawnChild = (name: string, script: string, env: Record<string, string | undefined>) => {
    const c = spawnApp(name, script, env)
    children.push(c)
    return c
  }
  /** An API and a worker process on a fresh queue prefix, serving on a free port. */
  async function startPair(name: string, extra: Record<string, string> = {}) {
    const prefix = `f${Math.random().toString(36).slice(2, 8)}`
    const port = await freePort()
    const api = spawnChild(`${name}-api`, 'apps/api/src/main.ts', apiEnv(prefix, port, extra))
    const worker = spawnChild(`${name}-worker`, 'apps/worker/src/main.ts', workerEnv(prefix, extra))
    const baseUrl = `http://127.0.0.1:${port}`
    await waitUntilServing(api, `${baseUrl}/api/v1/health/live`)
    step(`${name}: API serving`)
    await waitFor(async () => ((await healthOf(baseUrl))?.status === 'ok' ? true : undefined), 60_000, 200)
    step(`${name}: health ok`)
    return { prefix, port, api, worker, baseUrl }
  }
  const healthOf = (baseUrl: string) =>
    fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) })
      .then((r) => r.json() as Promise<Health>)
      .catch(() => null)

  /** Waits until every acknowledged submission is processed; returns the accounting and how long it took from `since`. */
  async function drain(db: Kysely<Database>, stats: LoadStats, keyPrefix: string, since: number, timeoutMs = 120_000) {
    step(`${keyPrefix}: load stopped, ${stats.acknowledged.size} acknowledged; draining`)
    const acc = await waitFor(
      async () => {
        const a = await settled(() => accountFor(db, stats, keyPrefix))
        return a && a.processed === a.acknowledged ? a : undefined
      },
      timeoutMs,
      250,
    )
    return { acc, drainedMs: Date.now() - since }
  }

  function report(name: string, acc: Accounting, stats: LoadStats, recoverMs: number | null, drainedMs: number) {
    const errors = Object.entries(stats.clientErrors)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ')
    const line = `| ${name} | ${acc.acknowledged} | ${acc.processed} | ${acc.duplicates} | ${errorTotal(stats)}${errors ? ` (${errors})` : ''} | ${recoverMs === null ? '—' : (recoverMs / 1000).toFixed(1)} | ${(drainedMs / 1000).toFixed(1)} |`
    table.push(line)
    console.log(line)
    step(`${name}: reported`)
  }

  function expectAccounted(acc: Accounting, stats: LoadStats) {
    expect(stats.refused).toEqual([])
    expect(stats.abandoned).toBe(0)
    expect(acc.processed).toBe(acc.acknowledged)
    expect(acc.duplicates).toBe(0)
    expect(acc.unbalanced).toBe(0)
    expect(acc.observationsOff).toBe(0)
  }

  let pair: Awaited<ReturnType<typeof startPair>>
  /** 20 submissions a second of the department's batches (from `offset`), keyed by `keyPrefix`, as each fault test loads. */
  const loadAt20 = (baseUrl: string, keyPrefix: string, offset = 0) =>
    startLoad({ baseUrl, token, ratePerSecond: 20, body: (n) => bodies[(n + offset) % bodies.length]!, keyPrefix })

  it('survives an immediate PostgreSQL restart under 20 submissions a second: API and worker stay up, every acknowledged value processed once', async () => {
    pair = await startPair('restart')
    const logFrom = { api: pair.api.logs.length, worker: pair.worker.logs.length }
    const watch = watchHealth(pair.baseUrl)
    const load = loadAt20(pair.baseUrl, 'restart')
    await sleep(3000)
    step('restarting PostgreSQL (immediate)')
    await server.restart('immediate')
    const repairedAt = Date.now()
    await sleep(4000)
    const stats = await load.stop()
    const { acc, drainedMs } = await drain(handle.db, stats, 'restart', repairedAt)
    await waitFor(async () => ((await healthOf(pair.baseUrl))?.status === 'ok' ? true : undefined), 30_000, 200)
    await watch.stop()
    report('immediate restart under load', acc, stats, firstAckAfter(stats, repairedAt), drainedMs)

    expectAccounted(acc, stats)
    expect(acc.acknowledged).toBeGreaterThan(20)
    expect(pair.api.alive() && pair.worker.alive()).toBe(true)
    expect(watch.samples.filter((s) => s.live !== 0).every((s) => s.live === 200)).toBe(true)
    // A crash of the server is one outage in each process's log, and no stack trace per request.
    expect(pair.api.count('database unavailable')).toBeGreaterThanOrEqual(1)
    expect(errorLines(pair.api, logFrom.api)).toEqual([])
    expect(errorLines(pair.worker, logFrom.worker)).toEqual([])
  }, 300_000)

  it('answers 503 with Retry-After through a 20 s outage, says so once in the log, pauses the workers, and processes everything after', async () => {
    const logFrom = { api: pair.api.logs.length, worker: pair.worker.logs.length }
    const before = {
      apiDown: pair.api.count('database unavailable'),
      apiBack: pair.api.count('database back'),
      paused: pair.worker.count('workers paused: database unavailable'),
    }
    const watch = watchHealth(pair.baseUrl)
    const load = loadAt20(pair.baseUrl, 'outage20')
    await sleep(3000)
    step('stopping PostgreSQL (fast)')
    await server.stop('fast')
    const downAt = Date.now()
    await sleep(20_000)
    const during = watch.samples.filter((s) => s.at > downAt + 3000)
    step('starting PostgreSQL again')
    await server.start()
    const repairedAt = Date.now()
    await sleep(4000)
    const stats = await load.stop()
    const { acc, drainedMs } = await drain(handle.db, stats, 'outage20', repairedAt)
    await waitFor(async () => ((await healthOf(pair.baseUrl))?.status === 'ok' ? true : undefined), 30_000, 200)
    await watch.stop()
    report('20 s outage', acc, stats, firstAckAfter(stats, repairedAt), drainedMs)

    expectAccounted(acc, stats)
    expect(stats.clientErrors['503']).toBeGreaterThan(0)
    expect(stats.clientErrors['500'] ?? 0).toBe(0)
    // During the outage every answer says unavailable (503, Retry-After), liveness stays 200, the workers
    // are paused. (A poll that timed out on a busy machine says nothing either way.)
    const answered = during.filter((s) => s.status !== 0)
    expect(answered.length).toBeGreaterThan(10)
    for (const s of answered)
      expect(s).toMatchObject({ status: 503, retryAfter: '2', body: { status: 'unavailable', ready: false } })
    expect(during.filter((s) => s.live !== 0).every((s) => s.live === 200)).toBe(true)
    expect(answered.some((s) => s.body?.workers?.paused === 1)).toBe(true)
    expect(pair.api.count('database unavailable') - before.apiDown).toBe(1)
    expect(pair.api.count('database back') - before.apiBack).toBe(1)
    expect(pair.worker.count('workers paused: database unavailable') - before.paused).toBe(1)
    expect(errorLines(pair.api, logFrom.api)).toEqual([])
    expect(errorLines(pair.worker, logFrom.worker)).toEqual([])
    expect(pair.api.alive() && pair.worker.alive()).toBe(true)
  }, 300_000)

  it("processes every acknowledged value after an outage 30 times longer than all of an ingest job's retries", async () => {
    // Retries shrunk to 3 attempts 0.1 s + 0.2 s apart: the 30 s outage outlasts them as a 30-minute one
    // outlasts the default 8 attempts over about 64 s.
    const long = await startPair('long', { INGEST_ATTEMPTS: '3', INGEST_BACKOFF_MS: '100' })
    const logFrom = long.worker.logs.length
    const watch = watchHealth(long.baseUrl)
    const load = loadAt20(long.baseUrl, 'long', 1500)
    await sleep(3000)
    step('stopping PostgreSQL (immediate)')
    await server.stop('immediate')
    await sleep(30_000)
    step('starting PostgreSQL again')
    await server.start()
    const repairedAt = Date.now()
    await sleep(3000)
    const stats = await load.stop()
    const { acc, drainedMs } = await drain(handle.db, stats, 'long', repairedAt)
    await waitFor(async () => ((await healthOf(long.baseUrl))?.status === 'ok' ? true : undefined), 30_000, 200)
    await watch.stop()
    report('30 s outage, retries over 0.3 s', acc, stats, firstAckAfter(stats, repairedAt), drainedMs)

    expectAccounted(acc, stats)
    expect(errorLines(long.worker, logFrom)).toEqual([])
    expect(long.api.alive() && long.worker.alive()).toBe(true)
    await long.api.kill()
    await long.worker.kill()
  }, 300_000)

  it('loses nothing when the API process is killed with kill -9 under load: the worker stays up, the clients retry against the restarted API', async () => {
    const watch = watchHealth(pair.baseUrl)
    const load = loadAt20(pair.baseUrl, 'killapi', 700)
    await sleep(3000)
    step('kill -9 of the API')
    pair.api.process.kill('SIGKILL')
    await pair.api.exited
    pair.api = spawnChild('killapi-api', 'apps/api/src/main.ts', apiEnv(pair.prefix, pair.port))
    await waitUntilServing(pair.api, `${pair.baseUrl}/api/v1/health/live`)
    const repairedAt = Date.now()
    await sleep(3000)
    const stats = await load.stop()
    const { acc, drainedMs } = await drain(handle.db, stats, 'killapi', repairedAt)
    await waitFor(async () => ((await healthOf(pair.baseUrl))?.status === 'ok' ? true : undefined), 30_000, 200)
    await watch.stop()
    report('kill -9 of the API', acc, stats, firstAckAfter(stats, repairedAt), drainedMs)

    expectAccounted(acc, stats)
    expect(stats.clientErrors.network).toBeGreaterThan(0)
    expect(pair.worker.alive()).toBe(true)
  }, 300_000)

  it('loses nothing when the one-process launcher is killed with kill -9 under load, and its demo calendar resumes instead of starting over', async () => {
    const launcherUrl = await server.createDatabase('launcher')
    const port = await freePort()
    const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-launcher-'))
    const env = {
      DATABASE_URL: launcherUrl,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      SIMULATE: 'false',
      DEMO_CLOCK: '2024-01-01',
      DEMO_SPEED: '86400',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      REDIS_URL: undefined,
    }
    const baseUrl = `http://127.0.0.1:${port}`
    let launcher = spawnChild('launcher', 'apps/launcher/src/main.ts', env)
    await waitUntilServing(launcher, `${baseUrl}/api/v1/health/live`, 180_000)
    const db = await createDb({ kind: 'postgres', url: launcherUrl, poolMax: 2, connectTimeoutMs: 2000 })
    try {
      const dept = await departmentToken(db.db, '360100', 'szsj')
      const launcherBodies = await batches(db.db, dept.departmentId, 1000, 1)
      const load = startLoad({
        baseUrl,
        token: dept.token,
        ratePerSecond: 20,
        body: (n) => launcherBodies[n % launcherBodies.length]!,
        keyPrefix: 'launcher',
      })
      await sleep(4000)
      step('kill -9 of the launcher')
      launcher.process.kill('SIGKILL')
      await launcher.exited
      const killedAt = new Date()
      launcher = spawnChild('launcher-again', 'apps/launcher/src/main.ts', env)
      await waitUntilServing(launcher, `${baseUrl}/api/v1/health/live`, 180_000)
      const repairedAt = Date.now()
      await sleep(4000)
      const stats = await load.stop()
      // The relaunched process has the default sweeper (every 10 s, after 15 s): give it time.
      const { acc, drainedMs } = await drain(db.db, stats, 'launcher', repairedAt, 150_000)
      await waitFor(async () => ((await healthOf(baseUrl))?.status === 'ok' ? true : undefined), 60_000, 250)
      report('kill -9 of the launcher', acc, stats, firstAckAfter(stats, repairedAt), drainedMs)

      expectAccounted(acc, stats)
      // Product time went on from where the killed process was: nothing received after the relaunch is dated
      // before anything received by the killed one.
      const times = await sql<{ before: Date; after: Date }>`
        select (select max(received_at) from submissions where created_at < ${killedAt}) as before,
               (select min(received_at) from submissions where created_at > ${new Date(repairedAt)}) as after`.execute(
        db.db,
      )
      const { before, after } = times.rows[0]!
      expect(new Date(after).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime())
      expect(launcher.alive()).toBe(true)
    } finally {
      await launcher.kill('SIGTERM')
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 480_000)
})
