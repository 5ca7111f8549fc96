import { resolve } from 'node:path'
import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import { defaultParseThreads } from '@cockpit/tabular'
import { QueuePrefix } from '@cockpit/contracts'
import { z } from 'zod'
import { metricsTokenDigest } from './metrics.js'

const Env = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load seeds/ at start-up (the embedded demo does; a production deployment seeds once by hand). */
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL'),
  QUEUE_PREFIX: QueuePrefix.default('cockpit'),
  SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Retries of a submission's ingest job (exponential from INGEST_BACKOFF_MS); the sweeper catches anything beyond. */
  INGEST_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  INGEST_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(500),
  /** How long a request waits for Redis to take a job or an event; after that the stored row is acknowledged and the sweeper enqueues it. */
  ENQUEUE_TIMEOUT_MS: z.coerce
    .number({ message: 'ENQUEUE_TIMEOUT_MS must be a number' })
    .int()
    .min(50)
    .max(10_000)
    .default(500),
  /** A queued job waiting longer than this makes /api/v1/health degraded. */
  QUEUE_LAG_LIMIT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Loopback/private ranges or host names pull sources and channels may reach anyway, e.g. "10.20.0.0/16,data.intranet". */
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
  /** Bearer token a Prometheus scraper presents at /api/v1/metrics (unset: administrators only). */
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN must be at least 24 characters').optional(),
  /** On SIGTERM: how long in-flight requests may take to finish before their connections are closed. */
  DRAIN_TIMEOUT_MS: z.coerce
    .number({ message: 'DRAIN_TIMEOUT_MS must be a number' })
    .int()
    .min(0)
    .max(600_000)
    .default(20_000),
})

export interface ApiConfig {
  host: string
  port: number
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  seedOnStart: boolean
  redisUrl: string
  prefix: string
  secureCookies: boolean
  ingestRetry: { attempts: number; backoffMs: number }
  enqueueTimeoutMs: number
  queueLagLimitMs: number
  outbound: OutboundPolicy
  sourceFilesDir: string | null
  /** Size of the parse pool (default 1 on a machine of 2 cores or fewer, else 2). */
  uploadParseThreads: number
  /** Digest of METRICS_TOKEN (null: /api/v1/metrics for administrators only). */
  metricsTokenDigest: Buffer | null
  drainTimeoutMs: number
  db: DbConfig
}

/** Validated once at start-up; a wrong variable stops the process with a message naming it. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string): ApiConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return {
    host: parsed.data.HOST,
    port: parsed.data.PORT,
    logLevel: parsed.data.LOG_LEVEL,
    seedOnStart: parsed.data.SEED_ON_START,
    redisUrl: parsed.data.REDIS_URL,
    prefix: parsed.data.QUEUE_PREFIX,
    secureCookies: parsed.data.SECURE_COOKIES,
    ingestRetry: { attempts: parsed.data.INGEST_ATTEMPTS, backoffMs: parsed.data.INGEST_BACKOFF_MS },
    queueLagLimitMs: parsed.data.QUEUE_LAG_LIMIT_MS,
    enqueueTimeoutMs: parsed.data.ENQUEUE_TIMEOUT_MS,
    outbound: parseOutboundAllow(parsed.data.OUTBOUND_ALLOW),
    sourceFilesDir: parsed.data.SOURCE_FILES_DIR ? resolve(cwd, parsed.data.SOURCE_FILES_DIR) : null,
    uploadParseThreads: parsed.data.UPLOAD_PARSE_THREADS ?? defaultParseThreads(),
    metricsTokenDigest: parsed.data.METRICS_TOKEN ? metricsTokenDigest(parsed.data.METRICS_TOKEN) : null,
    drainTimeoutMs: parsed.data.DRAIN_TIMEOUT_MS,
    db: dbConfigFromEnv(env, cwd),
  }
}
