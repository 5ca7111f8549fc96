import { type IngestJob, type MaintenanceJob, queueNames } from '@cockpit/contracts'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { createRedis } from './redis.js'

export const INGEST_ATTEMPTS = 8

export const ingestJobId = (submissionId: string) => `sub-${submissionId}`

export interface Producers {
  ingest: Queue<IngestJob>
  maintenance: Queue<MaintenanceJob>
  /** Adds the ingest job; the job id is the submission's, so asking twice queues it once. */
  enqueueIngest(submissionId: string): Promise<void>
  close(): Promise<void>
}

export function createProducers(redisUrl: string, prefix: string): Producers {
  const connection: Redis = createRedis(redisUrl, 'producer')
  // Without a listener an unreachable Redis would surface as an unhandled 'error' event and kill the API.
  connection.on('error', () => {})
  const ingest = new Queue<IngestJob>(queueNames.ingest, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: INGEST_ATTEMPTS,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  })
  const maintenance = new Queue<MaintenanceJob>(queueNames.maintenance, { connection, prefix, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 } })
  ingest.on('error', () => {})
  maintenance.on('error', () => {})
  return {
    ingest,
    maintenance,
    async enqueueIngest(submissionId) {
      await ingest.add('ingest', { submissionId }, { jobId: ingestJobId(submissionId) })
    },
    async close() {
      await Promise.allSettled([ingest.close(), maintenance.close()])
      connection.disconnect()
    },
  }
}
