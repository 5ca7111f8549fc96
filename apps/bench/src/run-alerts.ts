import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp } from '@cockpit/api/app'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { parseOutboundAllow } from '@cockpit/services/kernel'
import { createProducers } from '@cockpit/services/messaging'
import { createParsePool } from '@cockpit/tabular'
import { startWorkers } from '@cockpit/worker'
import { serve } from '@hono/node-server'
import type { Logger } from 'pino'
import type { AlertBenchOptions } from './alert-options.js'
import { startWebhookReceiver } from './alert-receiver.js'
import { setUpAlerting } from './alert-setup.js'
import { median, percentile } from './alert-stats.js'
import { BENCH_INDICATORS } from './plan-shape.js'
import { postBatch } from './post-batch.js'
import { deleteQueueKeys } from './redis-cleanup.js'
import { createBenchPlan } from './synthetic-plan.js'

/** Inside the plan horizon (2016–2025): month 2024-05 is past, and its path value is far above 1 %. */
export const FIXED_NOW = Date.parse('2024-06-30T04:00:00Z')
const PERIOD = '2024-05'
/** Far below any point of the path (20 % in 2015 rising to 80 % in 2025). */
const LOW_VALUE = 1
const WEBHOOK_SECRET = 'whsec-bench-0123456789abcdef'

export interface AlertBenchResult {
  options: AlertBenchOptions
  environment: { node: string }
  alerts: number
  seen: number
  missing: string[]
  /** Latency per seen alert in ms, ascending. */
  latencies: number[]
  medianMs: number
  p90Ms: number
  worstMs: number
  /** Distinct webhook notifications (by idempotency key) and HTTP requests received (retries included). */
  messages: number
  requests: number
  itemsPerMessage: { min: number; max: number }
  /** Alerts that came in more than one distinct notification (redeliveries of one notification excluded). */
  duplicates: string[]
  /** Items not matching any posted pair, and messages of a kind other than firing. */
  unexpected: string[]
  /** From the first POST starting to the last POST answered, in s. */
  postSeconds: number
  postAckMs: { median: number; worst: number }
  /** What the database holds at the end: firing alerts, and webhook notifications by status. */
  db: { firingAlerts: number; notifications: Record<string, number> }
}

interface PairItem {
  key: string
  indicator: number
  jurisdiction: string
  postedAt?: number
  ackedAt?: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Submission → API → ingest worker → alert evaluation → notification grouping → webhook delivery, all real
 * and in process; the clock is the receiver's arrival minus the POST's start, per alert.
 */
export async function runAlertBench(
  opts: AlertBenchOptions,
  logger: Logger,
  progress: (msg: string) => void = () => {},
): Promise<AlertBenchResult> {
  const maxPairs = BENCH_INDICATORS * 17
  if (opts.alerts > maxPairs) throw new Error(`--alerts: at most ${maxPairs} distinct (indicator, jurisdiction) pairs`)
  const offset = FIXED_NOW - Date.now()
  const now = opts.clock === 'fixed' ? () => new Date(FIXED_NOW) : () => new Date(Date.now() + offset)
  const schema = `bench_alerts_${randomBytes(5).toString('hex')}`
  const prefix = `benchal${randomBytes(5).toString('hex')}`
  const open = (poolMax: number) => createDb({ kind: 'postgres', url: opts.databaseUrl, schema, poolMax })
  const setup = await open(4)
  const cleanups: (() => Promise<unknown>)[] = []
  try {
    const api = await open(8)
    cleanups.push(() => api.close())
    const workerDb = await open(opts.workerConcurrency * 2 + 2)
    cleanups.push(() => workerDb.close())

    progress('setup: migrate, seeds, synthetic plan')
    await migrateToLatest(setup.db)
    await loadSeeds(setup.db, readSeedFiles({ sourceDir: null }))
    const plan = await createBenchPlan(setup.db, 0)
    const indicatorNames = new Map(
      (
        await setup.db.selectFrom('indicators').select(['id', 'name']).where('id', 'in', plan.indicatorIds).execute()
      ).map((r) => [r.id, r.name]),
    )
    const jurisdictionNames = new Map(
      (
        await setup.db
          .selectFrom('jurisdictions')
          .select(['code', 'name'])
          .where('code', 'in', plan.jurisdictions)
          .execute()
      ).map((r) => [r.code, r.name]),
    )
    // Spread over every jurisdiction first, then the next indicator: 120 pairs = 17 places × 7+ indicators.
    const pairs: PairItem[] = Array.from({ length: opts.alerts }, (_, n) => {
      const jurisdiction = plan.jurisdictions[n % plan.jurisdictions.length]!
      const indicator = plan.indicatorIds[Math.floor(n / plan.jurisdictions.length)]!
      return {
        key: `${indicatorNames.get(indicator)} @ ${jurisdictionNames.get(jurisdiction)}`,
        indicator,
        jurisdiction,
      }
    })
    const byKey = new Map(pairs.map((p) => [p.key, p]))
    if (byKey.size !== pairs.length)
      throw new Error('indicator and jurisdiction names do not identify the pairs uniquely')

    const firstSeen = new Map<string, number>()
    const seenIn = new Map<string, Set<string>>()
    const unexpected: string[] = []
    const messageKeys = new Set<string>()
    const itemCounts: number[] = []
    const receiver = await startWebhookReceiver((a) => {
      let body: { kind?: string; items?: { indicatorName: string; jurisdictionName: string }[] }
      try {
        body = JSON.parse(a.body)
      } catch {
        unexpected.push(`unparsable body: ${a.body.slice(0, 100)}`)
        return
      }
      const isNew = !messageKeys.has(a.idempotencyKey)
      messageKeys.add(a.idempotencyKey)
      if (isNew) itemCounts.push(body.items?.length ?? 0)
      if (body.kind !== 'firing') unexpected.push(`message ${a.idempotencyKey} of kind ${body.kind}`)
      for (const item of body.items ?? []) {
        const key = `${item.indicatorName} @ ${item.jurisdictionName}`
        if (!byKey.has(key)) {
          unexpected.push(`item ${key}`)
          continue
        }
        if (!firstSeen.has(key)) firstSeen.set(key, a.at)
        const ids = seenIn.get(key) ?? new Set<string>()
        ids.add(a.idempotencyKey)
        seenIn.set(key, ids)
      }
    })
    cleanups.unshift(() => receiver.close())

    const producers = createProducers(opts.redisUrl, prefix)
    cleanups.unshift(() => producers.close())
    // The webhook receiver listens on loopback, which only an allow-list opens (as an administrator would configure).
    const outbound = parseOutboundAllow('127.0.0.1/8')
    const parsePool = createParsePool({ threads: 1 })
    cleanups.unshift(() => parsePool.close())
    const workers = await startWorkers({
      db: workerDb.db,
      parsePool,
      redisUrl: opts.redisUrl,
      prefix,
      logger,
      now,
      concurrency: opts.workerConcurrency,
      outbound,
    })
    cleanups.unshift(() => workers.close(3000))
    const app = createApp({
      db: api.db,
      parsePool,
      dbKind: 'postgres',
      logger,
      now,
      version: 'bench',
      secureCookies: false,
      outbound,
      enqueueIngest: (id) => producers.enqueueIngest(id),
    })
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    })
    cleanups.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await setUpAlerting(setup.db, baseUrl, receiver.url, WEBHOOK_SECRET)

    progress(`run: ${pairs.length} submissions at ${opts.rate}/s, one far-below-path value each`)
    const runId = Date.now().toString(36)
    const start = performance.now()
    const gap = 1000 / opts.rate
    await Promise.all(
      pairs.map(async (p, i) => {
        const wait = start + i * gap - performance.now()
        if (wait > 0) await sleep(wait)
        p.postedAt = performance.now()
        await postBatch(
          baseUrl,
          plan.token,
          [
            {
              indicator: p.indicator,
              jurisdiction: p.jurisdiction,
              period: PERIOD,
              value: LOW_VALUE,
              series: i,
              periodEnd: '',
            },
          ],
          `bench-alert-${runId}-${i}`,
        )
        p.ackedAt = performance.now()
      }),
    )
    const posted = performance.now()
    progress(
      `posted in ${((posted - start) / 1000).toFixed(1)} s; waiting for the alerts (timeout ${opts.timeoutSeconds} s)`,
    )
    const deadline = posted + opts.timeoutSeconds * 1000
    while (firstSeen.size < pairs.length && performance.now() < deadline) await sleep(50)
    if (firstSeen.size === pairs.length && opts.settleMs > 0) {
      progress(`all ${pairs.length} seen; listening ${opts.settleMs} ms more for duplicates`)
      await sleep(opts.settleMs)
    }

    const firing = await setup.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('state', '=', 'firing')
      .executeTakeFirstOrThrow()
    const byStatus = await setup.db
      .selectFrom('notifications')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('channel_id', 'is not', null)
      .groupBy('status')
      .execute()
    const latencies = pairs
      .filter((p) => firstSeen.has(p.key))
      .map((p) => firstSeen.get(p.key)! - p.postedAt!)
      .sort((a, b) => a - b)
    const acks = pairs.map((p) => p.ackedAt! - p.postedAt!).sort((a, b) => a - b)
    return {
      options: opts,
      environment: { node: process.version },
      alerts: pairs.length,
      seen: firstSeen.size,
      missing: pairs.filter((p) => !firstSeen.has(p.key)).map((p) => p.key),
      latencies,
      medianMs: median(latencies),
      p90Ms: percentile(latencies, 90),
      worstMs: latencies.length ? latencies[latencies.length - 1]! : Number.NaN,
      messages: messageKeys.size,
      requests: receiver.arrivals.length,
      itemsPerMessage: {
        min: itemCounts.length ? Math.min(...itemCounts) : 0,
        max: itemCounts.length ? Math.max(...itemCounts) : 0,
      },
      duplicates: [...seenIn].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key} ×${ids.size}`),
      unexpected,
      postSeconds: (posted - start) / 1000,
      postAckMs: { median: median(acks), worst: acks[acks.length - 1] ?? Number.NaN },
      db: {
        firingAlerts: Number(firing.n),
        notifications: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
      },
    }
  } finally {
    for (const c of cleanups) await c().catch((err) => logger.warn({ err }, 'cleanup step failed'))
    await setup.close({ dropSchema: true })
    await deleteQueueKeys(opts.redisUrl, prefix).catch((err) =>
      logger.warn({ err }, 'could not delete the bench queue keys'),
    )
  }
}
