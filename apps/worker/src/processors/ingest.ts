import { IngestJob } from '@cockpit/contracts'
import { type Database, isDatabaseUnavailable } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { markSubmissionFailed, processSubmission } from '@cockpit/services/pipeline'
import { INGEST_ATTEMPTS, type Producers, publishChanges } from '@cockpit/services/messaging'
import type { UploadReader } from '@cockpit/tabular'
import type { Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface IngestDeps {
  db: Kysely<Database>
  publisher: Redis
  producers: Producers
  prefix: string
  logger: Logger
  now: () => Date
  /** Reads a stored upload off the event loop (heartbeats and other jobs keep running). */
  readUpload: UploadReader
}

/** Thin: parse the job, call the service, publish what changed after commit and ask for the status drain. */
export function ingestProcessor(deps: IngestDeps) {
  return async (job: Job) => {
    const { submissionId } = IngestJob.parse(job.data)
    const now = deps.now()
    try {
      const result = await processSubmission(deps.db, submissionId, {
        now,
        asOf: shanghaiDate(now),
        readUpload: deps.readUpload,
      })
      if (result.changes.length) {
        // Debug: a Redis outage is logged once by the workers' and producers' outage logs, not once per job.
        await publishChanges(deps.publisher, deps.prefix, result.changes).catch((err) =>
          deps.logger.debug({ err }, 'publish failed; screens catch up on reconnect'),
        )
      }
      // Statuses, their events and alerts follow from the coalesced drain; if this ask fails, the periodic drain takes the marks.
      if (result.marked > 0)
        await deps.producers
          .enqueueStatusDrain()
          .catch((err) =>
            deps.logger.debug(
              { err: err instanceof Error ? err.message : err },
              'status drain not queued; the periodic drain will catch up',
            ),
          )
      return {
        outcome: result.outcome,
        accepted: result.accepted,
        unchanged: result.unchanged,
        rejected: result.rejected,
      }
    } catch (err) {
      // An outage is no verdict on the submission: it stays unprocessed and the sweeper retries it once the
      // database is back, however many attempts the outage cost.
      if (isDatabaseUnavailable(err)) throw err
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? INGEST_ATTEMPTS)) {
        deps.logger.error({ err, submissionId }, 'ingest gave up after all attempts; marking submission failed')
        await markSubmissionFailed(deps.db, submissionId, err instanceof Error ? err.message : String(err), deps.now())
      }
      throw err
    }
  }
}
