import { join, resolve } from 'node:path'
import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { type OutboundPolicy, parseOutboundAllow } from '@cockpit/services/kernel'
import { defaultParseThreads } from '@cockpit/tabular'
import { z } from 'zod'

/** What every way of starting the product reads: where to listen, keep data, find Redis, and how much to log. */
export const ServerEnv = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

const Env = ServerEnv.extend({
  /** 'real' for the wall clock, or the date the demo calendar starts at. */
  DEMO_CLOCK: z
    .union([z.literal('real'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "DEMO_CLOCK must be 'real' or YYYY-MM-DD")])
    .default('2024-01-01'),
  /** Simulated seconds per real second (86400: a day per second, a month in half a minute). */
  DEMO_SPEED: z.coerce.number({ message: 'DEMO_SPEED must be a number' }).positive().max(10_000_000).default(86_400),
  SIMULATE: z.enum(['true', 'false']).default('true'),
  /** How long a request waits for Redis to take a job or an event; after that the stored row is acknowledged and the sweeper enqueues it. */
  ENQUEUE_TIMEOUT_MS: z.coerce
    .number({ message: 'ENQUEUE_TIMEOUT_MS must be a number' })
    .int()
    .min(50)
    .max(10_000)
    .default(500),
  /** Loopback/private ranges or host names pull sources and channels may reach anyway, e.g. "10.20.0.0/16". */
  OUTBOUND_ALLOW: z.string().optional(),
  /** The one directory csv-file sources may read; default <DATA_DIR>/sources. */
  SOURCE_FILES_DIR: z.string().min(1).optional(),
  /** Worker threads that read uploaded files (xlsx/CSV, evidence documents) off the event loop. */
  UPLOAD_PARSE_THREADS: z.coerce
    .number({ message: 'UPLOAD_PARSE_THREADS must be a number' })
    .int()
    .min(1)
    .max(16)
    .optional(),
})

export interface LauncherConfig {
  host: string
  port: number
  dataDir: string
  redisUrl: string | null
  enqueueTimeoutMs: number
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  clock: { start: Date; speed: number } | null
  simulate: boolean
  outbound: OutboundPolicy
  sourceFilesDir: string
  /** Size of the parse pool (default 1 on a machine of 2 cores or fewer, else 2). */
  uploadParseThreads: number
  db: DbConfig
}

export function loadLauncherConfig(env: Record<string, string | undefined>, cwd: string): LauncherConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success)
    throw new Error(
      `invalid configuration:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    )
  const e = parsed.data
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(cwd, e.DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    enqueueTimeoutMs: e.ENQUEUE_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    // Start of the demo day in Beijing time.
    clock: e.DEMO_CLOCK === 'real' ? null : { start: new Date(`${e.DEMO_CLOCK}T00:00:00+08:00`), speed: e.DEMO_SPEED },
    simulate: e.SIMULATE === 'true',
    outbound: parseOutboundAllow(e.OUTBOUND_ALLOW),
    sourceFilesDir: resolve(cwd, e.SOURCE_FILES_DIR ?? join(e.DATA_DIR, 'sources')),
    uploadParseThreads: e.UPLOAD_PARSE_THREADS ?? defaultParseThreads(),
    db: dbConfigFromEnv(env, cwd),
  }
}
