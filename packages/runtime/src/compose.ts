import { createDb, type Database, type DbConfig, type DbHandle, type DbHealth, migrateToLatest } from '@cockpit/db'
import { createPlanReadPool, type PlanReadPool } from '@cockpit/plan-import'
import {
  type AfterCommit,
  changeFollower,
  createEventHub,
  createProducers,
  createRedis,
  type EventHub,
  type IngestRetry,
  type Producers,
} from '@cockpit/services/messaging'
import { jobMetricsText, type QueueProbe, queueProbe } from '@cockpit/services/ops'
import { createParsePool, type ParsePool } from '@cockpit/tabular'
import type { Queue } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { type RunningWorkers, startWorkers, type WorkerOptions } from './workers/start-workers.js'

/** What the workers take beyond the runtime's own parts (database, Redis, logger, clock, parse pool). */
export type WorkerSettings = Omit<
  WorkerOptions,
  'db' | 'redisUrl' | 'prefix' | 'logger' | 'now' | 'parsePool' | 'dbHealth'
>

export interface RuntimeConfig {
  /** A database to open (the runtime closes it), or a handle the caller opened and closes (a test's copy). */
  db: DbConfig | DbHandle
  /** Migrate the database to the latest schema before anything starts. */
  migrate?: boolean
  logger: Logger
  /** The product clock. */
  now: () => Date
  /** Redis and the key prefix; null: no queue (producers, event hub and workers are left out). */
  redis: {
    url: string
    prefix: string
    /** Bound on each enqueue or publish from a request (ENQUEUE_TIMEOUT_MS; default the producers' own). */
    enqueueTimeoutMs?: number
    /** Retries of the ingest jobs the API enqueues. */
    ingestRetry?: IngestRetry
  } | null
  /** Threads reading uploaded files (default 1; its threads start with the first upload). */
  uploadParseThreads?: number
  /** Read plan documents (规划导入) on a thread of their own (the API; default true). */
  planReader?: boolean
  /** Start the event hub for the SSE stream and read snapshots (default true when there is Redis). */
  events?: boolean
  /** Start the workers in this process (the launcher, tests, benches); null or absent: none. */
  workers?: WorkerSettings | null
  /** The workers' own database, as a separate process would have (the bench); default `db`. */
  workerDb?: DbHandle
}

/** The parts of the API's dependencies a runtime provides: spread them into `createApp`. */
export interface RuntimeAppDeps {
  db: Kysely<Database>
  dbKind: DbHandle['kind']
  dbHealth: DbHealth
  logger: Logger
  now: () => Date
  parsePool: ParsePool
  planReadPool?: PlanReadPool
  enqueueIngest: (submissionId: string) => Promise<void>
  afterCommit?: AfterCommit
  events?: EventHub
  queues?: Queue[]
  probeQueues?: () => Promise<QueueProbe>
}

export interface Runtime<App = undefined> {
  app: App
  handle: DbHandle
  prefix: string | null
  producers: Producers | null
  events: EventHub | null
  parsePool: ParsePool
  workers: RunningWorkers | null
  /** The one after-commit path (null without Redis: the periodic runs catch up). */
  afterCommit: AfterCommit | null
  /** Figures of the worker processes, read from Redis for /api/v1/metrics (null without Redis). */
  jobMetrics: (() => Promise<string>) | null
  appDeps: RuntimeAppDeps
  /** Drains the workers (running jobs finish up to `graceMs`), ahead of what the caller stops next; idempotent. */
  stopWorkers(graceMs?: number): Promise<void>
  /** Closes in order: workers, event hub, producers, thread pools, then the database if the runtime opened it. */
  close(opts?: { graceMs?: number }): Promise<void>
}

const isHandle = (db: DbConfig | DbHandle): db is DbHandle => 'close' in db

/**
 * The one composition root: the API (`apps/api/src/main.ts`), the launcher, the test harness and the benches
 * build their database handle, Redis connections, producers, event hub, thread pools, after-commit path and
 * (optionally) workers here, then the app with `build` from the parts.
 */
export async function composeRuntime<App = undefined>(
  config: RuntimeConfig,
  build?: (deps: RuntimeAppDeps, runtime: Omit<Runtime, 'app'>) => App,
): Promise<Runtime<App>> {
  const { logger, now } = config
  const ownsDb = !isHandle(config.db)
  const handle = isHandle(config.db) ? config.db : await createDb(config.db, { logger })
  if (config.migrate) await migrateToLatest(handle.db)
  const redis = config.redis
  const producers = redis
    ? createProducers(redis.url, redis.prefix, redis.ingestRetry ?? {}, {
        logger,
        ...(redis.enqueueTimeoutMs ? { timeoutMs: redis.enqueueTimeoutMs } : {}),
      })
    : null
  const events =
    redis && config.events !== false ? await createEventHub(createRedis(redis.url, 'subscriber'), redis.prefix) : null
  // One pool for the process: the API's previews and the workers' ingest share its threads.
  const parsePool = createParsePool({ threads: config.uploadParseThreads ?? 1 })
  // Plan documents are rare and read one at a time: one thread, started on the first upload.
  const planReadPool = config.planReader === false ? null : createPlanReadPool({ threads: 1 })
  const workerDb = config.workerDb ?? handle
  const workers =
    redis && config.workers
      ? await startWorkers({
          ...config.workers,
          db: workerDb.db,
          dbHealth: workerDb.health,
          parsePool,
          redisUrl: redis.url,
          prefix: redis.prefix,
          logger,
          now,
        })
      : null
  // The producers log a Redis outage once; each follow-up it costs is detail.
  const afterCommit =
    producers && redis
      ? changeFollower({ producers, prefix: redis.prefix, log: (msg, err) => logger.debug({ err }, msg) })
      : null
  const probeQueues = producers && redis ? queueProbe(producers, redis.prefix) : undefined
  const appDeps: RuntimeAppDeps = {
    db: handle.db,
    dbKind: handle.kind,
    dbHealth: handle.health,
    logger,
    now,
    parsePool,
    ...(planReadPool ? { planReadPool } : {}),
    // Without a queue a stored submission waits for a sweeper that is not there: tests that never ingest.
    enqueueIngest: producers ? (id) => producers.enqueueIngest(id) : async () => {},
    ...(afterCommit ? { afterCommit } : {}),
    ...(events ? { events } : {}),
    ...(producers ? { queues: [producers.ingest, producers.maintenance] } : {}),
    ...(probeQueues ? { probeQueues } : {}),
  }
  let workersClosed: Promise<void> | null = null
  const stopWorkers = (graceMs?: number) => {
    workersClosed ??= workers ? workers.close(graceMs) : Promise.resolve()
    return workersClosed
  }
  let closed: Promise<void> | null = null
  const parts: Omit<Runtime, 'app'> = {
    handle,
    prefix: redis?.prefix ?? null,
    producers,
    events,
    parsePool,
    workers,
    afterCommit,
    jobMetrics: producers && redis ? () => jobMetricsText(producers.connection, redis.prefix) : null,
    appDeps,
    stopWorkers,
    close(opts = {}) {
      closed ??= (async () => {
        await stopWorkers(opts.graceMs)
        await events?.close()
        await producers?.close()
        await parsePool.close()
        await planReadPool?.close()
        if (ownsDb) await handle.close()
      })()
      return closed
    },
  }
  return { ...parts, app: build ? build(appDeps, parts) : (undefined as App) }
}
