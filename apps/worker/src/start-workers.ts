import { queueNames } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { createProducers, createRedis } from '@cockpit/services'
import { Worker } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { ingestProcessor } from './processors/ingest.js'
import { maintenanceProcessor } from './processors/maintenance.js'

export interface WorkerOptions {
  db: Kysely<Database>
  redisUrl: string
  prefix: string
  logger: Logger
  now?: () => Date
  concurrency?: number
  /** How often the sweeper looks for submissions whose job was lost. */
  sweepEveryMs?: number
  /** A submission unprocessed for this long counts as stuck. */
  stuckAfterMs?: number
  /** Recompute every status this often instead of nightly (a fast demo clock crosses midnight often). */
  recomputeEveryMs?: number
  /** Register the job schedulers (one process in a deployment is enough; upsert makes more harmless). */
  schedulers?: boolean
}

export interface RunningWorkers {
  close(): Promise<void>
}

/** Starts the ingest and maintenance workers and the job schedulers; `close` drains active jobs. */
export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const now = opts.now ?? (() => new Date())
  const connection = createRedis(opts.redisUrl, 'worker')
  const publisher = createRedis(opts.redisUrl, 'publisher')
  publisher.on('error', () => {})
  connection.on('error', (err) => opts.logger.warn({ err: err.message }, 'worker redis connection error'))
  const producers = createProducers(opts.redisUrl, opts.prefix)

  const ingest = new Worker(queueNames.ingest, ingestProcessor({ db: opts.db, publisher, prefix: opts.prefix, logger: opts.logger, now }), {
    connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 4,
  })
  const maintenance = new Worker(
    queueNames.maintenance,
    maintenanceProcessor({ db: opts.db, producers, publisher, prefix: opts.prefix, logger: opts.logger, now, stuckAfterMs: opts.stuckAfterMs ?? 15_000 }),
    { connection, prefix: opts.prefix, concurrency: 1 },
  )
  for (const w of [ingest, maintenance]) {
    w.on('failed', (job, err) => opts.logger.warn({ queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'))
    w.on('error', (err) => opts.logger.warn({ queue: w.name, err: err.message }, 'worker error'))
  }

  if (opts.schedulers !== false) {
    await producers.maintenance.upsertJobScheduler('sweep-received', { every: opts.sweepEveryMs ?? 10_000 }, { name: 'sweep-received', data: { kind: 'sweep-received' } })
    // 00:05 in Beijing time, when the new day's 序时进度 applies.
    await producers.maintenance.upsertJobScheduler(
      'recompute-status',
      opts.recomputeEveryMs ? { every: opts.recomputeEveryMs } : { pattern: '5 0 * * *', tz: 'Asia/Shanghai' },
      { name: 'recompute-status', data: { kind: 'recompute-status' } },
    )
  }

  return {
    async close() {
      await Promise.allSettled([ingest.close(), maintenance.close()])
      await producers.close()
      connection.disconnect()
      publisher.disconnect()
    },
  }
}
