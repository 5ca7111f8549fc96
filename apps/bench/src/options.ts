import { parseArgs } from 'node:util'
import { MAX_ITEMS_PER_SUBMISSION } from '@cockpit/contracts'
import type { BenchOrder } from './workload.js'

export type BenchDb = { kind: 'postgres'; url: string } | { kind: 'pglite' }

export interface BenchOptions {
  /** How many values go through the pipeline (and through the floor). */
  values: number
  /** Values per POST, and rows per INSERT in the floor. */
  batchSize: number
  /** Requests in flight (and INSERTs in flight for the floor). */
  concurrency: number
  workerConcurrency: number
  db: BenchDb
  redisUrl: string
  /**
   * End each batch on a series boundary (whole indicator × jurisdiction series) so that batches in
   * flight together never share a pair: the worker serialises status recomputation per pair.
   */
  alignBatches: boolean
  order: BenchOrder
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'
export const QUICK_VALUES = 5000

export const USAGE = `pnpm bench:ingest [--values N] [--batch N] [--concurrency N] [--worker-concurrency N] [--quick] [--pglite] [--unaligned] [--order series|period]
  --values N               values to ingest (env BENCH_VALUES, default 100000; --quick = ${QUICK_VALUES})
  --batch N                values per request and rows per floor INSERT (env BENCH_BATCH, default 1000)
  --concurrency N          requests / INSERTs in flight (env BENCH_CONCURRENCY, default 4)
  --worker-concurrency N   ingest jobs in parallel (env BENCH_WORKER_CONCURRENCY, default 4)
  --pglite                 run on in-memory PGlite instead of DATABASE_URL (default ${DEFAULT_DATABASE_URL})
  --unaligned              cut batches every N values even inside a series (to see what alignment buys)
  --order series|period    series: whole histories, one series after another (default, a back-fill);
                           period: one month across every series, then the next (the monthly report)
  REDIS_URL                default ${DEFAULT_REDIS_URL}`

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got "${raw}"`)
  return n
}

/** Flags win over environment variables; bad numbers fail fast with the flag's name. */
export function parseBenchOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions | 'help' {
  const { values: a } = parseArgs({
    args: argv,
    strict: true,
    options: {
      values: { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
      'worker-concurrency': { type: 'string' },
      quick: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      unaligned: { type: 'boolean', default: false },
      order: { type: 'string', default: 'series' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (a.help) return 'help'
  if (a.order !== 'series' && a.order !== 'period')
    throw new Error(`--order: expected series or period, got "${a.order}"`)
  const fallbackValues = a.quick ? QUICK_VALUES : 100_000
  const options: BenchOptions = {
    values:
      a.values !== undefined
        ? positiveInt('--values', a.values, fallbackValues)
        : positiveInt('BENCH_VALUES', a.quick ? undefined : env.BENCH_VALUES, fallbackValues),
    batchSize: positiveInt(a.batch !== undefined ? '--batch' : 'BENCH_BATCH', a.batch ?? env.BENCH_BATCH, 1000),
    concurrency: positiveInt(
      a.concurrency !== undefined ? '--concurrency' : 'BENCH_CONCURRENCY',
      a.concurrency ?? env.BENCH_CONCURRENCY,
      4,
    ),
    workerConcurrency: positiveInt(
      a['worker-concurrency'] !== undefined ? '--worker-concurrency' : 'BENCH_WORKER_CONCURRENCY',
      a['worker-concurrency'] ?? env.BENCH_WORKER_CONCURRENCY,
      4,
    ),
    db: a.pglite ? { kind: 'pglite' } : { kind: 'postgres', url: env.DATABASE_URL || DEFAULT_DATABASE_URL },
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    alignBatches: !a.unaligned,
    order: a.order,
  }
  // The API refuses larger submissions; failing here beats 100 rejected requests.
  if (options.batchSize > MAX_ITEMS_PER_SUBMISSION)
    throw new Error(`--batch: at most ${MAX_ITEMS_PER_SUBMISSION} values per request (the API's limit)`)
  return options
}
