import { type Database, isDatabaseUnavailable } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { drainStatusMarks } from '@cockpit/services/status'
import { type Producers, publishChanges } from '@cockpit/services/messaging'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface StatusDeps {
  db: Kysely<Database>
  publisher: Redis
  producers: Producers
  prefix: string
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
      const now = deps.now()
      const drained = await drainStatusMarks(deps.db, { asOf: shanghaiDate(now), now }).catch((err: unknown) => {
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
      if (drained.changes.length === 0) continue
      await publishChanges(deps.publisher, deps.prefix, drained.changes).catch((err) =>
        deps.logger.debug({ err }, 'publish failed; screens catch up on reconnect'),
      )
      const pairs = drained.changes.map((c) => ({ indicatorId: c.indicatorId, jurisdictionCode: c.jurisdictionCode }))
      // Alerts follow the new statuses at once; the every-minute evaluation catches up if this enqueue fails.
      await deps.producers
        .enqueueAlerts(pairs)
        .catch((err) =>
          deps.logger.debug(
            { err: err instanceof Error ? err.message : err },
            'alert evaluation not queued; the periodic run will catch up',
          ),
        )
    }
    return { marks, changed }
  }
}
