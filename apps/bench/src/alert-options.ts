import { parseArgs } from 'node:util'
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from './options.js'

export interface AlertBenchOptions {
  /** Distinct (indicator, jurisdiction) pairs, one submission and one expected alert each. */
  alerts: number
  /** Submissions started per second, at a steady pace. */
  rate: number
  /** How long to wait for every alert to arrive after the last POST, in seconds. */
  timeoutSeconds: number
  /** After all alerts arrived, keep listening this long for duplicates, in milliseconds. */
  settleMs: number
  /** fixed: the product clock stands still at FIXED_NOW; running: it starts there and runs with the wall clock. */
  clock: 'fixed' | 'running'
  workerConcurrency: number
  databaseUrl: string
  redisUrl: string
}

export const ALERTS_USAGE = `pnpm bench:alerts [--alerts N] [--rate N] [--timeout S] [--settle MS] [--clock fixed|running] [--worker-concurrency N]
  --alerts N               distinct (indicator, jurisdiction) pairs, one submission and one alert each (default 120)
  --rate N                 submissions per second, steady pace (default 5)
  --timeout S              seconds to wait for all alerts after the last POST (default 120)
  --settle MS              keep listening this long after the last alert, to catch duplicates (default 3000)
  --clock fixed|running    product clock standing still inside the plan horizon (default) or running from there
  --worker-concurrency N   jobs per worker in parallel (default 4)
  DATABASE_URL             default ${DEFAULT_DATABASE_URL} (a fresh schema, dropped at the end)
  REDIS_URL                default ${DEFAULT_REDIS_URL} (a fresh queue prefix, deleted at the end)`

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name}: expected a positive ${integer ? 'integer' : 'number'}, got "${raw}"`)
  return n
}

export function parseAlertBenchOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): AlertBenchOptions | 'help' {
  const { values: a } = parseArgs({
    args: argv,
    strict: true,
    options: {
      alerts: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      settle: { type: 'string' },
      clock: { type: 'string', default: 'fixed' },
      'worker-concurrency': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (a.help) return 'help'
  if (a.clock !== 'fixed' && a.clock !== 'running')
    throw new Error(`--clock: expected fixed or running, got "${a.clock}"`)
  return {
    alerts: positive('--alerts', a.alerts, 120),
    rate: positive('--rate', a.rate, 5, false),
    timeoutSeconds: positive('--timeout', a.timeout, 120, false),
    settleMs: a.settle === '0' ? 0 : positive('--settle', a.settle, 3000),
    clock: a.clock,
    workerConcurrency: positive('--worker-concurrency', a['worker-concurrency'], 4),
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
  }
}
