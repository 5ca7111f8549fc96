import { resolve } from 'node:path'
import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import { defaultParseThreads } from '@cockpit/tabular'
import { QueuePrefix } from '@cockpit/contracts'
import {
  DrainTimeoutMs,
  EnqueueTimeoutMs,
  IngestAttempts,
  IngestBackoffMs,
  LogLevel,
  OutboundAllow,
  SourceFilesDir,
  UploadParseThreads,
  parseEnv,
} from '@cockpit/runtime'
import { z } from 'zod'
import { metricsTokenDigest } from './metrics.js'

const Env = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(0).max(65535).default(3000),
  LOG_LEVEL: LogLevel,
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
  INGEST_ATTEMPTS: IngestAttempts,
  INGEST_BACKOFF_MS: IngestBackoffMs,
  ENQUEUE_TIMEOUT_MS: EnqueueTimeoutMs,
  /** A queued job waiting longer than this makes /api/v1/health degraded. */
  QUEUE_LAG_LIMIT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  OUTBOUND_ALLOW: OutboundAllow,
  /** The one directory csv-file sources may read; unset turns csv-file sources off. */
  SOURCE_FILES_DIR: SourceFilesDir,
  UPLOAD_PARSE_THREADS: UploadParseThreads,
  /** Bearer token a Prometheus scraper presents at /api/v1/metrics (unset: administrators only). */
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN must be at least 24 characters').optional(),
  /** On SIGTERM: how long in-flight requests may take to finish before their connections are closed. */
  DRAIN_TIMEOUT_MS: DrainTimeoutMs,
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
  const data = parseEnv(Env, env)
  return {
    host: data.HOST,
    port: data.PORT,
    logLevel: data.LOG_LEVEL,
    seedOnStart: data.SEED_ON_START,
    redisUrl: data.REDIS_URL,
    prefix: data.QUEUE_PREFIX,
    secureCookies: data.SECURE_COOKIES,
    ingestRetry: { attempts: data.INGEST_ATTEMPTS, backoffMs: data.INGEST_BACKOFF_MS },
    queueLagLimitMs: data.QUEUE_LAG_LIMIT_MS,
    enqueueTimeoutMs: data.ENQUEUE_TIMEOUT_MS,
    outbound: parseOutboundAllow(data.OUTBOUND_ALLOW),
    sourceFilesDir: data.SOURCE_FILES_DIR ? resolve(cwd, data.SOURCE_FILES_DIR) : null,
    uploadParseThreads: data.UPLOAD_PARSE_THREADS ?? defaultParseThreads(),
    metricsTokenDigest: data.METRICS_TOKEN ? metricsTokenDigest(data.METRICS_TOKEN) : null,
    drainTimeoutMs: data.DRAIN_TIMEOUT_MS,
    db: dbConfigFromEnv(env, cwd),
  }
}
