import { resolve } from 'node:path'
import { z } from 'zod'
import type { DbConfig } from './config.js'

const Env = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
})

/**
 * The one place the database settings are read from an environment (passed in, never process.env here):
 * DATABASE_URL selects a PostgreSQL server, otherwise PGlite keeps its files under DATA_DIR/pglite.
 */
export function dbConfigFromEnv(env: Record<string, string | undefined>, cwd: string): DbConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid database configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  if (e.DATABASE_URL)
    return {
      kind: 'postgres',
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    }
  return { kind: 'pglite', dataDir: resolve(cwd, e.DATA_DIR, 'pglite') }
}
