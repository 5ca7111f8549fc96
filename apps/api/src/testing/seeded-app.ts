import { randomBytes } from 'node:crypto'
import type { TestDatabase } from '@cockpit/db/testing'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import {
  changeFollower,
  createEventHub,
  createProducers,
  createRedis,
  type EventHub,
  type Producers,
} from '@cockpit/services/messaging'
import { jobMetricsText, queueProbe } from '@cockpit/services/ops'
import { type RunningWorkers, startWorkers } from '@cockpit/worker'
import { createParsePool } from '@cockpit/tabular'
import { createPlanReadPool } from '@cockpit/plan-import'
import { type Logger, pino } from 'pino'
import { createApp } from '../app.js'
import type { AppDeps } from '../env.js'
import { createApiMetrics, ingestLagSource, metricsTokenDigest } from '../metrics.js'

export const testRedisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** The administrator's allow-list the tests configure: their receivers and sources listen on loopback. */
export const TEST_OUTBOUND: OutboundPolicy = parseOutboundAllow('127.0.0.1/8,::1')

export interface SeededAppOptions {
  now?: () => Date
  /** Start real producers and in-process workers on a fresh queue prefix. */
  withQueue?: boolean
  workerConcurrency?: number
  /** Use this Redis instead of the shared test one (fault tests run their own). */
  redisUrl?: string
  /** Start the API's producers but no workers (the test runs workers elsewhere). */
  noWorkers?: boolean
  /** Extra dependencies for the app (static sites, clock rate) as a browser test serves them. */
  appDeps?: Pick<AppDeps, 'staticSites' | 'clockRate'>
  /** Where sources and channels may point; default TEST_OUTBOUND (loopback allowed). */
  outbound?: OutboundPolicy
  /** The directory csv-file sources may read (default none). */
  sourceFilesDir?: string
  /** The folder of shipped boundary files (default none: the map draws approved files or the schematic). */
  geoDir?: string | null
  /** Bound on each enqueue or publish (the API's ENQUEUE_TIMEOUT_MS; default the producers' own). */
  enqueueTimeoutMs?: number
  /** Where the app and its workers log (default silent, or TEST_LOG_LEVEL); a test may read what was logged. */
  logger?: Logger
  /** Which seed plans to load, by key (default all five); the jurisdiction tree is always loaded. */
  seedPlans?: (key: string) => boolean
  /** The scraper's METRICS_TOKEN for /api/v1/metrics (default none: administrators only). */
  metricsToken?: string
}

/** A fresh database with the five plans seeded, the API over it, and optionally a real queue and workers. */
export async function seededApp(target: TestDatabase, opts: SeededAppOptions = {}) {
  const now = opts.now ?? (() => new Date('2024-06-30T04:00:00Z'))
  const handle = await target.open()
  const seeds = readSeedFiles({ sourceDir: null })
  const seedPlans = opts.seedPlans
  await loadSeeds(
    handle.db,
    seedPlans ? { ...seeds, plans: seeds.plans.filter((p) => seedPlans(p.data.plan.key)) } : seeds,
  )
  const logger = opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const prefix = `t${randomBytes(5).toString('hex')}`
  let producers: Producers | null = null
  let workers: RunningWorkers | null = null
  let events: EventHub | null = null
  const redisUrl = opts.redisUrl ?? testRedisUrl()
  // As in a deployment: one pool for the process (its threads start with the first upload).
  const parsePool = createParsePool({ threads: 1 })
  const planReadPool = createPlanReadPool({ threads: 1 })
  if (opts.withQueue) {
    producers = createProducers(
      redisUrl,
      prefix,
      {},
      { logger, ...(opts.enqueueTimeoutMs ? { timeoutMs: opts.enqueueTimeoutMs } : {}) },
    )
    events = await createEventHub(createRedis(redisUrl, 'subscriber'), prefix)
    if (!opts.noWorkers)
      workers = await startWorkers({
        db: handle.db,
        parsePool,
        redisUrl,
        prefix,
        logger,
        now,
        concurrency: opts.workerConcurrency ?? 2,
        sweepEveryMs: 500,
        stuckAfterMs: 1000,
        lockDurationMs: 2000,
        dbHealth: handle.health,
        heartbeatEveryMs: 500,
        outbound: opts.outbound ?? TEST_OUTBOUND,
        sourceFilesDir: opts.sourceFilesDir ?? null,
      })
  }
  const probeQueues = producers ? queueProbe(producers, prefix) : undefined
  const metrics = createApiMetrics({
    ingestLagSeconds: ingestLagSource(handle.db),
    ...(probeQueues ? { probeQueues } : {}),
    ...(producers ? { jobMetrics: () => jobMetricsText(producers!.connection, prefix) } : {}),
  })
  const app = createApp({
    db: handle.db,
    metrics,
    metricsTokenDigest: opts.metricsToken ? metricsTokenDigest(opts.metricsToken) : null,
    parsePool,
    planReadPool,
    dbKind: handle.kind,
    dbHealth: handle.health,
    logger,
    now,
    version: 'test',
    secureCookies: false,
    outbound: opts.outbound ?? TEST_OUTBOUND,
    sourceFilesDir: opts.sourceFilesDir ?? null,
    geoDir: opts.geoDir ?? null,
    enqueueIngest: producers ? (id) => producers!.enqueueIngest(id) : async () => {},
    ...(producers
      ? {
          queues: [producers.ingest, producers.maintenance],
          probeQueues,
          onChanges: changeFollower(producers, prefix, (msg, err) => logger.debug({ err }, msg)),
        }
      : {}),
    ...(events ? { events } : {}),
    ...opts.appDeps,
  })
  return {
    app,
    handle,
    prefix,
    redisUrl,
    logger,
    producers,
    events,
    parsePool,
    async close() {
      await workers?.close(3000)
      await events?.close()
      await producers?.close()
      await parsePool.close()
      await planReadPool.close()
      await handle.close()
    },
  }
}
