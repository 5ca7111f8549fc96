import type { UploadReader } from '@cockpit/tabular'
import type { Database } from '@cockpit/db'
import type { FetchLike } from '@cockpit/notify'
import { clockContext, type OutboundPolicy } from '@cockpit/services/kernel'
import { pullDueSources, runReportingCycle } from '@cockpit/services/reporting'
import type { Producers } from '@cockpit/services/messaging'
import type { Job } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface ReportingDeps {
  db: Kysely<Database>
  producers: Producers
  logger: Logger
  now: () => Date
  /** Injectable for tests; the outbound-guarded fetch otherwise. */
  fetch?: FetchLike
  outbound?: OutboundPolicy
  sourceFilesDir?: string | null
  readUpload?: UploadReader
}

type Processor = (job: Job) => Promise<unknown>

/**
 * Handles the reporting job kinds on the maintenance queue ('reporting-cycle', 'pull-sources') and hands
 * every other kind to the existing maintenance processor.
 */
export function withReportingJobs(deps: ReportingDeps, next: Processor): Processor {
  return async (job) => {
    const kind = (job.data as { kind?: unknown } | undefined)?.kind
    if (kind === 'reporting-cycle') {
      const result = await runReportingCycle(deps.db, { now: deps.now() })
      if (result.changed || result.reminders) deps.logger.info(result, 'reporting cycle advanced')
      return result
    }
    if (kind === 'pull-sources') {
      const result = await pullDueSources(deps.db, clockContext(deps.now()), {
        enqueue: (id) => deps.producers.enqueueIngest(id),
        logWarn: (msg, err) => deps.logger.warn({ err }, msg),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.outbound ? { outbound: deps.outbound } : {}),
        sourceFilesDir: deps.sourceFilesDir ?? null,
        ...(deps.readUpload ? { readUpload: deps.readUpload } : {}),
      })
      if (result.due) deps.logger.info(result, 'external sources pulled')
      return result
    }
    return next(job)
  }
}
