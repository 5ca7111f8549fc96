import { parseArgs } from 'node:util'
import { SCALE_DATABASE } from './scale-db.js'

export const MEASUREMENTS = ['reads', 'history', 'ingest', 'recompute', 'alerts', 'bulletin', 'size'] as const
export type MeasurementName = (typeof MEASUREMENTS)[number]

export interface ScaleOptions {
  /** Share of the national tree's cities and counties (1 = ~3,200 jurisdictions, ~18.7 M observations). */
  scale: number
  /** Keep a data set of the same scale and data version instead of rebuilding it. */
  reuse: boolean
  only: MeasurementName[]
  /** Requests per read for the p95s. */
  requests: number
  /** The server's URL (its database is used only to create the bench's own). */
  serverUrl: string
  database: string
  redisUrl: string
  /** Print EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the slowest measurement. */
  explain: boolean
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

export const USAGE = `npm run bench:scale -- [--scale F] [--reuse] [--only ${MEASUREMENTS.join(',')}] [--requests N] [--database NAME]
  --scale F       share of the national tree to build (default 1: 31 provinces, ~3,200 jurisdictions, 48 indicators
                  each, 120 months; 0.02 for a quick run)
  --reuse         keep the data set already in the database when it was built at the same scale by this generator
  --only a,b      run only these measurements (default all, in the order above)
  --requests N    requests per read for the p95s (default 30)
  --explain       EXPLAIN (ANALYZE, BUFFERS) the slowest statement of the slowest measurement (reads only)
  --database NAME the bench's own database on the server (default ${SCALE_DATABASE}; dropped and rebuilt unless --reuse)
  DATABASE_URL    the PostgreSQL server (default ${DEFAULT_DATABASE_URL}); REDIS_URL (default redis://127.0.0.1:6379)`

/** Flags are checked up front and refused with the flag's name: a typo must not cost a 15-minute load. */
export function parseScaleOptions(argv: string[], env: Record<string, string | undefined>): ScaleOptions | 'help' {
  const { values: a } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scale: { type: 'string', default: '1' },
      reuse: { type: 'boolean', default: false },
      only: { type: 'string' },
      requests: { type: 'string', default: '30' },
      database: { type: 'string', default: SCALE_DATABASE },
      explain: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (a.help) return 'help'
  const scale = Number(a.scale)
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1)
    throw new Error(`--scale: expected a number in (0, 1], got "${a.scale}"`)
  const requests = Number(a.requests)
  if (!Number.isInteger(requests) || requests < 1)
    throw new Error(`--requests: expected a positive integer, got "${a.requests}"`)
  const only = a.only === undefined ? [...MEASUREMENTS] : a.only.split(',').map((s) => s.trim())
  const unknown = only.filter((n) => !(MEASUREMENTS as readonly string[]).includes(n))
  if (unknown.length || only.length === 0)
    throw new Error(
      `--only: unknown measurement ${unknown.join(', ') || '(none)'}; choose from ${MEASUREMENTS.join(', ')}`,
    )
  if (!/^[a-z_][a-z0-9_]*$/.test(a.database))
    throw new Error(`--database: expected a lower-case identifier, got "${a.database}"`)
  return {
    scale,
    reuse: a.reuse,
    only: MEASUREMENTS.filter((m) => only.includes(m)),
    requests,
    serverUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    database: a.database,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    explain: a.explain,
  }
}
