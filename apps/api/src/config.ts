import { type DbConfig, dbConfigFromEnv } from '@cockpit/db'
import { z } from 'zod'

const Env = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load seeds/ at start-up (the embedded demo does; a production deployment seeds once by hand). */
  SEED_ON_START: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
})

export interface ApiConfig {
  host: string
  port: number
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  seedOnStart: boolean
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
    db: dbConfigFromEnv(env, cwd),
  }
}
