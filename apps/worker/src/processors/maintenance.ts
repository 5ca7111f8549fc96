import { MaintenanceJob } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { allStatusKeys, recomputeStatuses } from '@cockpit/services/status'
import { findStuckSubmissions } from '@cockpit/services/pipeline'
import { repeatsAndEscalations, stalledNotifications } from '@cockpit/services/alerts'
import { ingestJobId, publishChanges, type Producers } from '@cockpit/services/messaging'
import type { Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface MaintenanceDeps {
  db: Kysely<Database>
  producers: Producers
  publisher: Redis
  prefix: string
  logger: Logger
  now: () => Date
  stuckAfterMs: number
}

export function maintenanceProcessor(deps: MaintenanceDeps) {
  return async (job: Job) => {
    const { kind } = MaintenanceJob.parse(job.data)
    if (kind === 'sweep-received') return sweep(deps)
    if (kind === 'alert-follow-ups') return followUps(deps)
    return recompute(deps)
  }
}

/** Re-enqueues submissions whose job was lost; a job still queued is left alone, a failed one retried. */
async function sweep(deps: MaintenanceDeps) {
  const ids = await findStuckSubmissions(deps.db, new Date(), deps.stuckAfterMs)
  let requeued = 0
  for (const id of ids) {
    const job = await deps.producers.ingest.getJob(ingestJobId(id))
    const state = job ? await job.getState() : null
    if (job && state === 'failed') await job.retry('failed')
    else if (job && state !== 'completed' && state !== 'unknown') continue
    else {
      if (job) await job.remove()
      await deps.producers.enqueueIngest(id)
    }
    requeued++
  }
  if (requeued) deps.logger.info({ requeued }, 'sweeper re-enqueued stuck submissions')
  return { found: ids.length, requeued }
}

/** The calendar moves even when nobody reports: 序时进度 and past-due targets change status overnight. */
async function recompute(deps: MaintenanceDeps) {
  const now = deps.now()
  const keys = await allStatusKeys(deps.db)
  let changed = 0
  for (let i = 0; i < keys.length; i += 200) {
    const changes = await deps.db
      .transaction()
      .execute((trx) => recomputeStatuses(trx, keys.slice(i, i + 200), shanghaiDate(now), now))
    changed += changes.length
    await publishChanges(deps.publisher, deps.prefix, changes).catch(() => {})
  }
  deps.logger.info({ pairs: keys.length, changed }, 'status recomputed')
  return { pairs: keys.length, changed }
}

/** Repeats, escalations, and notifications whose scheduling or delivery job was lost. */
async function followUps(deps: MaintenanceDeps) {
  const now = deps.now()
  const groups = await repeatsAndEscalations(deps.db, now)
  const stalled = await stalledNotifications(deps.db, now)
  await deps.producers.enqueueGroups([...groups, ...stalled.groups], now)
  for (const batchId of stalled.batches) await deps.producers.enqueueDelivery(batchId)
  return { scheduled: groups.length, rescheduled: stalled.groups.length, redelivered: stalled.batches.length }
}
