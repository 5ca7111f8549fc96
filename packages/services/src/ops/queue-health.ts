import type { Queue } from 'bullmq'
import { withinMs } from '../messaging/bounded.js'
import type { Producers } from '../messaging/producers.js'
import { readWorkerLiveness, type WorkerLiveness } from './worker-heartbeat.js'

export interface QueueLag {
  name: string
  waiting: number
  active: number
  delayed: number
  failed: number
  /** Age of the oldest job waiting for a worker (null: none waiting). */
  oldestWaitingMs: number | null
}

export interface QueueProbe {
  redis: { reachable: boolean }
  /** null when Redis cannot be asked. */
  workers: WorkerLiveness | null
  queues: QueueLag[]
}

async function lagOf(queue: Queue, now: number): Promise<QueueLag> {
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized'),
    queue.getJobs(['wait'], 0, 0, true),
  ])
  const ts = oldest[0]?.timestamp
  return {
    name: queue.name,
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestWaitingMs: typeof ts === 'number' ? Math.max(0, now - ts) : null,
  }
}

/**
 * Redis, the worker processes' heartbeats and each queue's backlog, as health reports them. Bounded in
 * time: a health check must answer even when Redis does not (a stopped Redis is known at once from the
 * connection; a stalled one, connected but silent, shows as unreachable after `timeoutMs`).
 */
export function queueProbe(producers: Producers, prefix: string, timeoutMs = 800): () => Promise<QueueProbe> {
  const queues = [producers.ingest, producers.maintenance, producers.alerts, producers.notify] as Queue[]
  return async () => {
    if (producers.connection.status !== 'ready') return { redis: { reachable: false }, workers: null, queues: [] }
    try {
      const now = Date.now()
      const [workers, lags] = await withinMs(
        Promise.all([readWorkerLiveness(producers.connection, prefix), Promise.all(queues.map((q) => lagOf(q, now)))]),
        timeoutMs,
        'health probe',
      )
      return { redis: { reachable: true }, workers, queues: lags }
    } catch {
      return { redis: { reachable: false }, workers: null, queues: [] }
    }
  }
}
