import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { QueuePrefix } from '@cockpit/contracts'
import { dbConfigFromEnv } from '@cockpit/db'
import { parseEnv } from '@cockpit/runtime'
import { z } from 'zod'
import { ServerEnv } from './config.js'

export const SCALE_OUT_HELP = `usage: npm start -- --api N --workers M [--no-seed]
  Runs N API processes sharing one port (node:cluster) and M worker processes, against one PostgreSQL
  (DATABASE_URL, required: PGlite cannot be shared between processes) and one Redis (REDIS_URL, or a
  redis-server of its own under DATA_DIR). SIGTERM/Ctrl-C drains every process; a process that exits is restarted.
  --api N        API processes (1-16, default 2)
  --workers M    worker processes (1-64, default 2)
  --no-seed      do not load seeds/ at start-up (they are loaded once, by the supervisor, by default)`

const Env = ServerEnv.extend({
  QUEUE_PREFIX: QueuePrefix.default('cockpit'),
  /** How long the supervisor waits for its processes to drain after SIGTERM before killing them. */
  STOP_TIMEOUT_MS: z.coerce
    .number({ message: 'STOP_TIMEOUT_MS must be a number' })
    .int()
    .min(1000)
    .max(600_000)
    .default(40_000),
})

export interface ScaleOutConfig {
  api: number
  workers: number
  seed: boolean
  host: string
  port: number
  dataDir: string
  redisUrl: string | null
  prefix: string
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  logFormat: z.infer<typeof Env>['LOG_FORMAT']
  stopTimeoutMs: number
  databaseUrl: string
}

const count = (flag: string, raw: string | undefined, fallback: number, max: number): number => {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`invalid option:\n  --${flag}: a whole number from 1 to ${max} (got "${raw}")`)
  return n
}

/** The multi-process mode's options (argv) and environment; a wrong one stops start-up with a message naming it. */
export function loadScaleOutConfig(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): ScaleOutConfig | 'help' {
  let values: { api?: string; workers?: string; 'no-seed'?: boolean; help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        api: { type: 'string' },
        workers: { type: 'string' },
        'no-seed': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values
  } catch (e) {
    throw new Error(`invalid option:\n  ${e instanceof Error ? e.message : String(e)}\n${SCALE_OUT_HELP}`)
  }
  if (values.help) return 'help'
  const e = parseEnv(Env, env)
  const db = dbConfigFromEnv(env, cwd)
  if (db.kind !== 'postgres')
    throw new Error(
      'invalid configuration:\n  DATABASE_URL: more than one process needs a PostgreSQL server (the embedded PGlite belongs to one process);\n' +
        '  set DATABASE_URL=postgres://…, or run `npm start` without --api/--workers for everything in one process',
    )
  return {
    api: count('api', values.api, 2, 16),
    workers: count('workers', values.workers, 2, 64),
    seed: !values['no-seed'],
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(cwd, e.DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    prefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    stopTimeoutMs: e.STOP_TIMEOUT_MS,
    databaseUrl: db.url,
  }
}
