import { join, resolve } from 'node:path'
import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import { defaultParseThreads } from '@cockpit/tabular'
import {
  EnqueueTimeoutMs,
  LogLevel,
  OutboundAllow,
  SourceFilesDir,
  UploadParseThreads,
  parseEnv,
} from '@cockpit/runtime'
import { z } from 'zod'
import { LogFormatSetting } from './logger.js'

/** What every way of starting the product reads: where to listen, keep data, find Redis, and how much to log. */
export const ServerEnv = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .optional(),
  LOG_LEVEL: LogLevel,
  LOG_FORMAT: LogFormatSetting.default('auto'),
})

const Env = ServerEnv.extend({
  /** 'real' for the wall clock, or the date the demo calendar starts at. */
  DEMO_CLOCK: z
    .union([z.literal('real'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "DEMO_CLOCK must be 'real' or YYYY-MM-DD")])
    .default('2024-01-01'),
  /** Simulated seconds per real second (86400: a day per second, a month in half a minute). */
  DEMO_SPEED: z.coerce.number({ message: 'DEMO_SPEED must be a number' }).positive().max(10_000_000).default(86_400),
  SIMULATE: z.enum(['true', 'false']).default('true'),
  ENQUEUE_TIMEOUT_MS: EnqueueTimeoutMs,
  OUTBOUND_ALLOW: OutboundAllow,
  /** The one directory csv-file sources may read; default <DATA_DIR>/sources. */
  SOURCE_FILES_DIR: SourceFilesDir,
  UPLOAD_PARSE_THREADS: UploadParseThreads,
})

export interface LauncherConfig {
  host: string
  port: number
  dataDir: string
  redisUrl: string | null
  enqueueTimeoutMs: number
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  logFormat: LogFormatSetting
  clock: { start: Date; speed: number } | null
  simulate: boolean
  outbound: OutboundPolicy
  sourceFilesDir: string
  /** Size of the parse pool (default 1 on a machine of 2 cores or fewer, else 2). */
  uploadParseThreads: number
  db: DbConfig
}

export function loadLauncherConfig(env: Record<string, string | undefined>, cwd: string): LauncherConfig {
  const e = parseEnv(Env, env)
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(cwd, e.DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    enqueueTimeoutMs: e.ENQUEUE_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    // Start of the demo day in Beijing time.
    clock: e.DEMO_CLOCK === 'real' ? null : { start: new Date(`${e.DEMO_CLOCK}T00:00:00+08:00`), speed: e.DEMO_SPEED },
    simulate: e.SIMULATE === 'true',
    outbound: parseOutboundAllow(e.OUTBOUND_ALLOW),
    sourceFilesDir: resolve(cwd, e.SOURCE_FILES_DIR ?? join(e.DATA_DIR, 'sources')),
    uploadParseThreads: e.UPLOAD_PARSE_THREADS ?? defaultParseThreads(),
    db: dbConfigFromEnv(env, cwd),
  }
}
