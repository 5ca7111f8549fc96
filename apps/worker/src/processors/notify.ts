import { NotifyJob } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { deliver } from '@cockpit/notify'
import type { OutboundPolicy } from '@cockpit/services/kernel'
import { claimBatch, type DeliverFn, deliverBatch } from '@cockpit/services/alerts'
import { DELIVER_ATTEMPTS, type Producers } from '@cockpit/services/messaging'
import type { Job } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface NotifyDeps {
  db: Kysely<Database>
  producers: Producers
  logger: Logger
  now: () => Date
  /** Base of the links in messages, e.g. https://cockpit.example.gov.cn */
  linkBase: string
  send?: DeliverFn
  /** Where HTTP channels may send (default: public addresses only). */
  outbound?: OutboundPolicy
}

/**
 * 'group': gather what one person is owed on one channel into a batch; 'deliver': send it. Each batch is
 * its own job with its own retries, so a channel that is down delays only its own messages.
 */
export function notifyProcessor(deps: NotifyDeps) {
  const send =
    deps.send ?? ((config, message) => deliver(config, message, deps.outbound ? { outbound: deps.outbound } : {}))
  return async (job: Job) => {
    const data = NotifyJob.parse(job.data)
    if (data.kind === 'group') {
      const batchId = await claimBatch(deps.db, data.userId, data.channelId, deps.now())
      if (batchId) await deps.producers.enqueueDelivery(batchId)
      return { batchId }
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? DELIVER_ATTEMPTS)
    const outcome = await deliverBatch(deps.db, data.batchId, send, {
      now: deps.now(),
      linkBase: deps.linkBase,
      finalAttempt,
    })
    if (outcome === 'failed') deps.logger.warn({ batchId: data.batchId }, 'notification batch failed for good')
    return { outcome }
  }
}
