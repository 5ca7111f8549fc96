import { resolve } from 'node:path'
import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import { defaultParseThreads } from '@cockpit/tabular'
import { QueuePrefix } from '@cockpit/contracts'
import { z } from 'zod'

const Env = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL'),
  QUEUE_PREFIX: QueuePrefix.default('cockpit'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(10_000),
  STUCK_AFTER_MS: z.coerce.number().int().min(200).max(3_600_000).default(15_000),
  /** How often the process announces itself for /api/v1/health; it counts as dead after three missed beats. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Retries of the ingest jobs the sweeper enqueues (set them as for the API). */
  INGEST_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  INGEST_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Loopback/private ranges or host names pull sources and channels may reach anyway (see the API's). */
  OUTBOUND_ALLOW: z.string().optional(),
  /** The one directory csv-file sources may read; unset turns csv-file sources off. */
  SOURCE_FILES_DIR: z.string().min(1).optional(),
  /** Worker threads that read uploaded files (xlsx/CSV, evidence documents) off the event loop. */
  UPLOAD_PARSE_THREADS: z.coerce
    .number({ message: 'UPLOAD_PARSE_THREADS must be a number' })
    .int()
    .min(1)
    .max(16)
    .optional(),
  /** On SIGTERM: how long running jobs may take to finish; after that they are released and retried by another worker. */
  DRAIN_TIMEOUT_MS: z.coerce
    .number({ message: 'DRAIN_TIMEOUT_MS must be a number' })
    .int()
    .min(0)
    .max(600_000)
    .default(20_000),
})

export interface WorkerConfig {
  redisUrl: string
  prefix: string
  concurrency: number
  lockDurationMs: number
  sweepEveryMs: number
  stuckAfterMs: number
  heartbeatEveryMs: number
  ingestRetry: { attempts: number; backoffMs: number }
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  outbound: OutboundPolicy
  sourceFilesDir: string | null
  /** Size of the parse pool (default 1 on a machine of 2 cores or fewer, else 2). */
  uploadParseThreads: number
  drainTimeoutMs: number
  db: DbConfig
}

export function loadWorkerConfig(env: Record<string, string | undefined>, cwd: string): WorkerConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success)
    throw new Error(
      `invalid configuration:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    )
  const db = dbConfigFromEnv(env, cwd)
  if (db.kind === 'pglite')
    throw new Error(
      'invalid configuration:\n  DATABASE_URL: a separate worker process needs a PostgreSQL server (PGlite lives inside the one process started by npm start)',
    )
  return {
    redisUrl: parsed.data.REDIS_URL,
    prefix: parsed.data.QUEUE_PREFIX,
    concurrency: parsed.data.WORKER_CONCURRENCY,
    lockDurationMs: parsed.data.WORKER_LOCK_MS,
    sweepEveryMs: parsed.data.SWEEP_EVERY_MS,
    stuckAfterMs: parsed.data.STUCK_AFTER_MS,
    heartbeatEveryMs: parsed.data.WORKER_HEARTBEAT_MS,
    ingestRetry: { attempts: parsed.data.INGEST_ATTEMPTS, backoffMs: parsed.data.INGEST_BACKOFF_MS },
    logLevel: parsed.data.LOG_LEVEL,
    outbound: parseOutboundAllow(parsed.data.OUTBOUND_ALLOW),
    sourceFilesDir: parsed.data.SOURCE_FILES_DIR ? resolve(cwd, parsed.data.SOURCE_FILES_DIR) : null,
    uploadParseThreads: parsed.data.UPLOAD_PARSE_THREADS ?? defaultParseThreads(),
    drainTimeoutMs: parsed.data.DRAIN_TIMEOUT_MS,
    db,
  }
}
