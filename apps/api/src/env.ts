import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

/** What every handler can reach: passed in once, never read from process.env. */
export interface AppDeps {
  db: Kysely<Database>
  dbKind: 'pglite' | 'postgres'
  logger: Logger
  /** The current instant; tests pin it. */
  now: () => Date
  version: string
}

export interface AppEnv {
  Variables: {
    requestId: string
    deps: AppDeps
  }
}
