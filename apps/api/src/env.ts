import type { StatusChange } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { EventHub, Principal } from '@cockpit/services'
import type { Queue } from 'bullmq'
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
  /** Hands a stored submission to the ingest queue (may throw when Redis is away). */
  enqueueIngest: (submissionId: string) => Promise<void>
  /** Queues shown on the admin-only bull-board at /admin/queues (absent: no board). */
  queues?: Queue[]
  /** Live changes for the SSE stream (absent: /api/v1/events answers 503). */
  events?: EventHub
  /**
   * Follows up status changes an API write made (an admin editing a target) as ingest does: publish to
   * screens, queue alert evaluation. Absent: the stored status still changes; alerts wait for the periodic run.
   */
  onStatusChanges?: (changes: StatusChange[]) => Promise<void>
  /** Cookies get the Secure flag when the API is served over HTTPS. */
  secureCookies: boolean
}

export interface AppEnv {
  Variables: {
    requestId: string
    deps: AppDeps
    principal: Principal | null
    csrfToken: string | null
  }
}
