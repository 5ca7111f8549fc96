import { IngestJob } from '@cockpit/contracts'
import { type Database, isDatabaseUnavailable } from '@cockpit/db'
import { type AfterCommit, INGEST_ATTEMPTS } from '@cockpit/services/messaging'
import { clockContext } from '@cockpit/services/kernel'
import { markSubmissionFailed, processSubmission } from '@cockpit/services/pipeline'
import type { UploadReader } from '@cockpit/tabular'
import type { Job } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface IngestDeps {
  db: Kysely<Database>
  afterCommit: AfterCommit
  logger: Logger
  now: () => Date
  /** Reads a stored upload off the event loop (heartbeats and other jobs keep running). */
  readUpload: UploadReader
}

/** Thin: parse the job, call the service, then the after-commit follow-up (publish, task alerts, status drain). */
export function ingestProcessor(deps: IngestDeps) {
  return async (job: Job) => {
    const { submissionId } = IngestJob.parse(job.data)
    // The job's clock, once: the product's now and today for every value and status it writes.
    const clock = clockContext(deps.now())
    try {
      const result = await processSubmission(deps.db, submissionId, { ...clock, readUpload: deps.readUpload })
      // Statuses, their events and alerts follow from the coalesced drain the marks ask for.
      await deps.afterCommit(result.changes, { marked: result.marked })
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
