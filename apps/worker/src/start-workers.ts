import { queueNames } from '@cockpit/contracts'
import type { Database, DbHealth } from '@cockpit/db'
import type { OutboundPolicy } from '@cockpit/services/kernel'
import type { DeliverFn } from '@cockpit/services/alerts'
import { createProducers, createRedis, type IngestRetry, outageLog } from '@cockpit/services/messaging'
import { recordJob, startHeartbeat } from '@cockpit/services/ops'
import type { ParsePool } from '@cockpit/tabular'
import { Worker } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { ingestProcessor } from './processors/ingest.js'
import { alertsProcessor } from './processors/alerts.js'
import { maintenanceProcessor } from './processors/maintenance.js'
import { notifyProcessor } from './processors/notify.js'
import { statusProcessor } from './processors/status.js'
import { withReportingJobs } from './processors/reporting.js'

export interface WorkerOptions {
  db: Kysely<Database>
  redisUrl: string
  prefix: string
  logger: Logger
  /** The process's parse pool: uploads are read on its threads, never on the event loop. */
  parsePool: ParsePool
  now?: () => Date
  concurrency?: number
  /** How often the sweeper looks for submissions whose job was lost. */
  sweepEveryMs?: number
  /** A submission unprocessed for this long counts as stuck. */
  stuckAfterMs?: number
  /** How long a job's lock lasts; a worker that dies loses its jobs to another after this (BullMQ stall check). */
  lockDurationMs?: number
  /** Recompute every status this often instead of nightly (a fast demo clock crosses midnight often). */
  recomputeEveryMs?: number
  /** Evaluate every alert rule this often (default every minute): time-based states and missing reports. */
  alertsEveryMs?: number
  /** Base of links in notifications. */
  linkBase?: string
  /** Replaces real delivery (a test that counts messages without a channel still uses a real receiver). */
  send?: DeliverFn
  /** Run the reporting cycle this often (default hourly); a fast demo clock wants every few seconds. */
  reportingEveryMs?: number
  /** Pull due external sources this often (default 60 s). */
  pullEveryMs?: number
  /** Where pull sources and notification channels may point (default: public addresses only). */
  outbound?: OutboundPolicy
  /** The one directory csv-file sources may read (default: none, csv-file sources fail). */
  sourceFilesDir?: string | null
  /** Register the job schedulers (one process in a deployment is enough; upsert makes more harmless). */
  schedulers?: boolean
  /**
   * The database's reachability: while it is away the workers take no jobs (a long outage must not burn
   * the jobs' retries) and take them again when it is back. Absent: never paused.
   */
  dbHealth?: DbHealth
  /** Retries of the ingest jobs this process enqueues (the sweeper's); the API's producers set their own. */
  ingestRetry?: IngestRetry
  /**
   * How often every process drains the status marks whatever was asked (default 5 s): the catch-up for a
   * drain ask lost to a crash or a Redis outage between ingest's commit and its enqueue.
   */
  statusDrainEveryMs?: number
  /** How often this process announces itself in Redis for /api/v1/health (default 5 s; lapses after three). */
  heartbeatEveryMs?: number
}

export interface RunningWorkers {
  /** Drains: waits for active jobs up to `graceMs` (default 20 s), then stops them (they are retried elsewhere). */
  close(graceMs?: number): Promise<void>
}

/** A failure to reach Redis (refused, reset, closed, offline queue off), as opposed to a fault of a job or script. */
const isConnectionError = (err: Error) =>
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection is closed|Stream isn't writeable|enableOfflineQueue/i.test(
    `${(err as { code?: string }).code ?? ''} ${err.message}`,
  )

/** Starts the ingest and maintenance workers and the job schedulers; `close` drains active jobs. */
export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const now = opts.now ?? (() => new Date())
  const connection = createRedis(opts.redisUrl, 'worker')
  const publisher = createRedis(opts.redisUrl, 'publisher')
  publisher.on('error', () => {})
  // Redis away: one line when it goes and one when it is back, not one per reconnect attempt and worker.
  const redisOutage = outageLog(
    opts.logger,
    'redis for workers',
    'no job runs; submissions wait in PostgreSQL and the sweeper enqueues them when Redis is back',
  )
  connection.on('error', (err) => redisOutage.failed(err))
  connection.on('ready', () => redisOutage.succeeded())
  // A job holds no caller: a slow Redis is given longer here than a request gives it (ENQUEUE_TIMEOUT_MS).
  const producers = createProducers(opts.redisUrl, opts.prefix, opts.ingestRetry, {
    logger: opts.logger,
    timeoutMs: 5000,
  })

  const ingest = new Worker(
    queueNames.ingest,
    ingestProcessor({
      db: opts.db,
      publisher,
      producers,
      prefix: opts.prefix,
      logger: opts.logger,
      now,
      readUpload: opts.parsePool.readUpload,
    }),
    {
      connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 4,
      ...(opts.lockDurationMs
        ? { lockDuration: opts.lockDurationMs, stalledInterval: Math.max(500, Math.floor(opts.lockDurationMs / 2)) }
        : {}),
    },
  )
  const maintenance = new Worker(
    queueNames.maintenance,
    withReportingJobs(
      {
        db: opts.db,
        producers,
        logger: opts.logger,
        now,
        ...(opts.outbound ? { outbound: opts.outbound } : {}),
        sourceFilesDir: opts.sourceFilesDir ?? null,
        readUpload: opts.parsePool.readUpload,
      },
      maintenanceProcessor({
        db: opts.db,
        producers,
        publisher,
        prefix: opts.prefix,
        logger: opts.logger,
        now,
        stuckAfterMs: opts.stuckAfterMs ?? 15_000,
      }),
    ),
    { connection, prefix: opts.prefix, concurrency: 1 },
  )
  const alerts = new Worker(
    queueNames.alerts,
    alertsProcessor({ db: opts.db, producers, publisher, prefix: opts.prefix, logger: opts.logger, now }),
    {
      connection,
      prefix: opts.prefix,
      concurrency: 2,
    },
  )
  const notify = new Worker(
    queueNames.notify,
    notifyProcessor({
      db: opts.db,
      producers,
      logger: opts.logger,
      now,
      linkBase: opts.linkBase ?? 'http://127.0.0.1:3000',
      ...(opts.send ? { send: opts.send } : {}),
      ...(opts.outbound ? { outbound: opts.outbound } : {}),
    }),
    { connection, prefix: opts.prefix, concurrency: 4 },
  )
  // One drain at a time per process: drains of one pair would only queue on its lock, and a drain takes
  // everything marked meanwhile anyway. Several processes drain side by side (skip locked, per-pair locks).
  const status = new Worker(
    queueNames.status,
    statusProcessor({ db: opts.db, publisher, producers, prefix: opts.prefix, logger: opts.logger, now }),
    {
      connection,
      prefix: opts.prefix,
      concurrency: 1,
    },
  )
  const all = [ingest, maintenance, alerts, notify, status]
  // Durations and failures go to Redis, where every API process reads them for /api/v1/metrics.
  const record = (queue: string, outcome: { seconds: number; failed: boolean }) =>
    void recordJob(publisher, opts.prefix, queue, outcome).catch(() => {})
  for (const w of all) {
    w.on('completed', (job) => {
      if (job.processedOn && job.finishedOn)
        record(w.name, { seconds: (job.finishedOn - job.processedOn) / 1000, failed: false })
    })
    w.on('failed', (job, err) => {
      record(w.name, { seconds: 0, failed: true })
      opts.logger.warn({ queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed')
    })
    w.on('error', (err) => {
      if (redisOutage.down || isConnectionError(err)) redisOutage.failed(err)
      else opts.logger.warn({ queue: w.name, err: err.message }, 'worker error')
    })
  }

  let paused = false
  const heartbeat = startHeartbeat(publisher, opts.prefix, () => ({ paused }), opts.heartbeatEveryMs)
  // Jobs already running finish or fail (and are retried later); no new one starts until the database is back.
  const onDatabase = (available: boolean) => {
    if (available === !paused) return
    paused = !available
    if (paused) {
      opts.logger.warn({}, 'workers paused: database unavailable')
      for (const w of all) void w.pause(true).catch(() => {})
    } else {
      opts.logger.info({}, 'workers resumed: database back')
      for (const w of all) void w.resume().catch(() => {})
    }
    void heartbeat.beat()
  }
  const unsubscribe = opts.dbHealth?.onChange(onDatabase)
  if (opts.dbHealth && !opts.dbHealth.isAvailable()) onDatabase(false)

  if (opts.schedulers !== false) {
    const ensureSchedulers = async () => {
      await producers.maintenance.upsertJobScheduler(
        'sweep-received',
        { every: opts.sweepEveryMs ?? 10_000 },
        { name: 'sweep-received', data: { kind: 'sweep-received' } },
      )
      // 00:05 in Beijing time, when the new day's 序时进度 applies.
      await producers.maintenance.upsertJobScheduler(
        'recompute-status',
        opts.recomputeEveryMs ? { every: opts.recomputeEveryMs } : { pattern: '5 0 * * *', tz: 'Asia/Shanghai' },
        { name: 'recompute-status', data: { kind: 'recompute-status' } },
      )
      await producers.maintenance.upsertJobScheduler(
        'reporting-cycle',
        { every: opts.reportingEveryMs ?? 3_600_000 },
        { name: 'reporting-cycle', data: { kind: 'reporting-cycle' } },
      )
      await producers.alerts.upsertJobScheduler(
        'evaluate-all',
        { every: opts.alertsEveryMs ?? 60_000 },
        { name: 'evaluate-all', data: {} },
      )
      await producers.maintenance.upsertJobScheduler(
        'alert-follow-ups',
        { every: opts.alertsEveryMs ?? 60_000 },
        { name: 'alert-follow-ups', data: { kind: 'alert-follow-ups' } },
      )
      await producers.status.upsertJobScheduler(
        'drain-marks',
        { every: opts.statusDrainEveryMs ?? 5000 },
        { name: 'drain-marks', data: {} },
      )
      await producers.maintenance.upsertJobScheduler(
        'pull-sources',
        { every: opts.pullEveryMs ?? 60_000 },
        { name: 'pull-sources', data: { kind: 'pull-sources' } },
      )
    }
    await ensureSchedulers()
    // A Redis that restarts empty has forgotten the schedulers: put them back on every reconnect.
    producers.connection.on('ready', () => {
      ensureSchedulers().catch((err) =>
        opts.logger.warn({ err: err instanceof Error ? err.message : err }, 'could not restore job schedulers'),
      )
    })
  }

  return {
    async close(graceMs = 20_000) {
      unsubscribe?.()
      await heartbeat.stop()
      let timer: NodeJS.Timeout | undefined
      const drained = await Promise.race([
        Promise.allSettled(all.map((w) => w.close())).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs)
        }),
      ])
      clearTimeout(timer)
      // A job still running after the grace time is abandoned: its lock expires and another worker retries it.
      if (!drained)
        await Promise.race([
          Promise.allSettled(all.map((w) => w.close(true))),
          new Promise((resolve) => setTimeout(resolve, 2000).unref()),
        ])
      await producers.close()
      connection.disconnect()
      publisher.disconnect()
    },
  }
}
