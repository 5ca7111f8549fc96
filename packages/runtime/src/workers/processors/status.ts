import { type Database, isDatabaseUnavailable } from '@cockpit/db'
import type { AfterCommit } from '@cockpit/services/messaging'
import { clockContext } from '@cockpit/services/kernel'
import { drainStatusMarks } from '@cockpit/services/status'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface StatusDeps {
  db: Kysely<Database>
  afterCommit: AfterCommit
  logger: Logger
  now: () => Date
}

/**
 * The coalesced status recompute: drains the marks ingest left until none wait, publishing each drain's
 * changes after its commit and queueing their alert evaluation, as ingest did per submission before.
 * Idempotent: a mark is deleted in the transaction that recomputes it, so a crash only leaves work.
 */
export function statusProcessor(deps: StatusDeps) {
  return async () => {
    let marks = 0
    let changed = 0
    for (;;) {
      const drained = await drainStatusMarks(deps.db, clockContext(deps.now())).catch((err: unknown) => {
        if (!isDatabaseUnavailable(err))
          deps.logger.warn(
            { err: err instanceof Error ? err.message : err },
            'status drain failed; its marks wait for the retry',
          )
        throw err
      })
      if (drained.marks === 0) break
      marks += drained.marks
      changed += drained.changes.length
      // Alerts follow the new statuses at once; the every-minute evaluation catches up if this enqueue fails.
      await deps.afterCommit(drained.changes)
    }
    return { marks, changed }
  }
}
