import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { SubmissionAccepted } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { startRedisServer } from '@cockpit/services'
import { startWorkers } from '@cockpit/worker'
import { type Kysely, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { client, waitFor } from './testing/http.js'
import { departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

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
      items.push({ indicator: key.indicator, period: key.period, value: key.measure === 'percent' ? ((b * 7 + k) % 90) + 1 : b + k + 1 })
    }
    out.push({ items })
  }
  return out
}

/** Every submission accounted for (accepted + unchanged + rejected = items) and no (submission, item) twice. */
async function assertNothingLostOrDoubled(db: Kysely<Database>, expectedSubmissions: number) {
  const subs = await db.selectFrom('submissions').select(['state', 'item_count', 'accepted_count', 'unchanged_count', 'rejected_count', 'id']).execute()
  expect(subs).toHaveLength(expectedSubmissions)
  for (const s of subs) {
    expect(s.state).toBe('processed')
    expect(s.accepted_count + s.unchanged_count + s.rejected_count).toBe(s.item_count)
  }
  const accepted = subs.reduce((n, s) => n + s.accepted_count, 0)
  const obs = await db.selectFrom('observations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  expect(Number(obs.n)).toBe(accepted)
  const dup = await sql<{ n: number }>`select count(*)::int as n from (select submission_id, item_seq from observations group by 1, 2 having count(*) > 1) d`.execute(db)
  expect(dup.rows[0]!.n).toBe(0)
}

const processedCount = async (db: Kysely<Database>) =>
  Number((await db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'processed').executeTakeFirstOrThrow()).n)

describe.each(testDatabases())('faults on $name', (target) => {
  it('keeps accepting while Redis restarts, and the sweeper processes what was stored meanwhile', async () => {
    const redis = await startRedisServer(mkdtempSync(join(tmpdir(), 'cockpit-redis-')))
    cleanups.push(() => redis.stop())
    const ctx = await seededApp(target, { withQueue: true, redisUrl: redis.url })
    cleanups.push(() => ctx.close())
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const api = client(ctx.app, { token: dept.token })
    const all = await batches(ctx.handle.db, dept.departmentId, 12, 40)

    for (const b of all.slice(0, 4)) expect((await api.post<SubmissionAccepted>('/api/v1/submissions', b)).status).toBe(202)
    await redis.stop()
    // Redis is down: every submission is still stored and acknowledged.
    for (const b of all.slice(4, 8)) expect((await api.post<SubmissionAccepted>('/api/v1/submissions', b)).status).toBe(202)
    const restarted = await startRedisServer(mkdtempSync(join(tmpdir(), 'cockpit-redis-')), { port: Number(new URL(redis.url).port) })
    // Stop the app before its Redis (cleanups run last-in first-out).
    cleanups.splice(cleanups.length - 1, 0, () => restarted.stop())
    for (const b of all.slice(8)) expect((await api.post<SubmissionAccepted>('/api/v1/submissions', b)).status).toBe(202)

    await waitFor(async () => ((await processedCount(ctx.handle.db)) === all.length ? true : undefined), 45_000, 200)
    await assertNothingLostOrDoubled(ctx.handle.db, all.length)
  })

  it('gives two worker sets the same result as one: no value counted twice, statuses current', async () => {
    const ctx = await seededApp(target, { withQueue: true, workerConcurrency: 3 })
    cleanups.push(() => ctx.close())
    const second = await startWorkers({ db: ctx.handle.db, redisUrl: ctx.redisUrl, prefix: ctx.prefix, logger: ctx.logger, concurrency: 3, schedulers: false, now: () => new Date('2024-06-30T04:00:00Z') })
    cleanups.push(() => second.close())
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const api = client(ctx.app, { token: dept.token })
    const all = await batches(ctx.handle.db, dept.departmentId, 16, 60)
    await Promise.all(all.map((b) => api.post('/api/v1/submissions', b)))
    // The same batches again, as a client that lost its answers would: counted as unchanged, not doubled.
    await Promise.all(all.map((b) => api.post('/api/v1/submissions', b)))
    await waitFor(async () => ((await processedCount(ctx.handle.db)) === all.length * 2 ? true : undefined), 45_000, 200)
    await assertNothingLostOrDoubled(ctx.handle.db, all.length * 2)

    // Each stored status reflects the newest revision of its latest period.
    const stale = await sql<{ n: number }>`
      select count(*)::int as n from indicator_status s
      join lateral (
        select distinct on (period_key) period_key, period_end, value from observations o
        where o.indicator_id = s.indicator_id and o.jurisdiction_code = s.jurisdiction_code
        order by period_key, reported_at desc, id desc
      ) cur on cur.period_key = s.latest_period_key
      where cur.value is distinct from s.latest_value`.execute(ctx.handle.db)
    expect(stale.rows[0]!.n).toBe(0)
  })

  it.runIf(target.name === 'postgres')('loses nothing when a worker process is killed in the middle of the batches', async () => {
    const ctx = await seededApp(target, { withQueue: true, noWorkers: true })
    cleanups.push(() => ctx.close())
    const handle = ctx.handle as typeof ctx.handle & { url?: string }
    const spawnWorker = (): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: handle.url, REDIS_URL: ctx.redisUrl, QUEUE_PREFIX: ctx.prefix, WORKER_CONCURRENCY: '2', WORKER_LOCK_MS: '2000', SWEEP_EVERY_MS: '500', STUCK_AFTER_MS: '1000', LOG_LEVEL: 'warn' },
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
    spawnWorker()
    await waitFor(async () => ((await processedCount(ctx.handle.db)) === all.length ? true : undefined), 90_000, 200)
    await assertNothingLostOrDoubled(ctx.handle.db, all.length)
  })
})
