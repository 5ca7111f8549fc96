import {
  type AlertsJob,
  type IngestJob,
  type MaintenanceJob,
  type NotifyJob,
  queueNames,
  type StatusJob,
} from '@cockpit/contracts'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { withinMs } from './bounded.js'
import { type OutageLogger, outageLog } from './outage-log.js'
import { createRedis } from './redis.js'

export const INGEST_ATTEMPTS = 8

export const ingestJobId = (submissionId: string) => `sub-${submissionId}`
export const DELIVER_ATTEMPTS = 6

/**
 * How long ingest's status marks gather before a drain takes them: every commit within one window asks for
 * the same job (its id is the window's), which runs when the window ends. Short against the wall's 1 s.
 */
export const STATUS_DRAIN_WINDOW_MS = 100

/** The drain job of the window `at` falls in, and how long until that window ends. */
export function statusDrainSlot(at: number, windowMs = STATUS_DRAIN_WINDOW_MS): { jobId: string; delay: number } {
  const slot = Math.floor(at / windowMs)
  return { jobId: `drain-${slot}`, delay: (slot + 1) * windowMs - at }
}

export interface Producers {
  /** The shared producer connection (its 'ready' event marks a reconnect). */
  connection: Redis
  ingest: Queue<IngestJob>
  maintenance: Queue<MaintenanceJob>
  alerts: Queue<AlertsJob>
  notify: Queue<NotifyJob>
  status: Queue<StatusJob>
  /**
   * Asks for a drain of the status marks at the end of the current window (one job per window however
   * many ingests ask). A mark committed before the ask is always taken by that job or a later one: the
   * job starts after the window ends. If the ask fails, the periodic drain takes the marks.
   */
  enqueueStatusDrain(): Promise<void>
  /** Asks for an alert evaluation of these pairs (or all). */
  enqueueAlerts(pairs?: { indicatorId: number; jurisdictionCode: string }[]): Promise<void>
  /** Asks for an alert evaluation of these tasks and milestones (after a progress report, claim or decision). */
  enqueueTaskAlerts(taskIds: number[]): Promise<void>
  /** Schedules the gathering of a person's due notifications on one channel at `dueAt`. */
  enqueueGroups(groups: { userId: number; channelId: number; dueAt: Date }[], now: Date): Promise<void>
  enqueueDelivery(batchId: string): Promise<void>
  /** Adds the ingest job; the job id is the submission's, so asking twice queues it once. */
  enqueueIngest(submissionId: string): Promise<void>
  /**
   * Runs a write to Redis (an enqueue, a publish) bounded by the producers' timeout and counted in their
   * outage log; every enqueue above goes through it.
   */
  bounded<T>(what: string, op: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** How long a request may wait for Redis before the write is left to the durable row and the sweeper. */
export const ENQUEUE_TIMEOUT_MS = 500

export interface ProducerOptions {
  /**
   * Bound on each enqueue or publish (default ENQUEUE_TIMEOUT_MS). A stalled Redis (connection open, no
   * answer) would otherwise hold the caller for the whole stall; the timed-out write still completes if
   * Redis answers later, and the job id keeps a late add and the sweeper's from running twice.
   */
  timeoutMs?: number
  /** Where the outage is told, once when Redis stops answering and once when it is back. */
  logger?: OutageLogger
}

/** How ingest jobs are retried: `attempts` tries, the n-th retry after backoffMs·2^(n-1) (defaults: 8, 500 ms ≈ 64 s in all). */
export interface IngestRetry {
  attempts?: number
  backoffMs?: number
}

export function createProducers(
  redisUrl: string,
  prefix: string,
  ingestRetry: IngestRetry = {},
  opts: ProducerOptions = {},
): Producers {
  const connection: Redis = createRedis(redisUrl, 'producer')
  const timeoutMs = opts.timeoutMs ?? ENQUEUE_TIMEOUT_MS
  const outage = outageLog(
    opts.logger,
    'redis for producers',
    'writes stay in PostgreSQL; the sweeper enqueues them when Redis answers',
  )
  // Without a listener an unreachable Redis would surface as an unhandled 'error' event and kill the API.
  connection.on('error', () => {})
  connection.on('ready', () => outage.succeeded())
  const bounded = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      const v = await withinMs(op(), timeoutMs, what)
      outage.succeeded()
      return v
    } catch (err) {
      outage.failed(err)
      throw err
    }
  }
  const ingest = new Queue<IngestJob>(queueNames.ingest, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: ingestRetry.attempts ?? INGEST_ATTEMPTS,
      backoff: { type: 'exponential', delay: ingestRetry.backoffMs ?? 500 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  })
  const maintenance = new Queue<MaintenanceJob>(queueNames.maintenance, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 },
  })
  const alerts = new Queue<AlertsJob>(queueNames.alerts, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 600, count: 1000 },
      removeOnFail: { age: 86_400 },
    },
  })
  const notify = new Queue<NotifyJob>(queueNames.notify, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: DELIVER_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 7 * 86_400 },
    },
  })
  // Finished drains are removed at once, so a window's id is free again; a failed one is retried (its marks stay anyway).
  const status = new Queue<StatusJob>(queueNames.status, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 200 },
      removeOnComplete: true,
      removeOnFail: { age: 86_400, count: 1000 },
    },
  })
  status.on('error', () => {})
  alerts.on('error', () => {})
  notify.on('error', () => {})
  ingest.on('error', () => {})
  maintenance.on('error', () => {})
  return {
    connection,
    ingest,
    maintenance,
    async enqueueIngest(submissionId) {
      await bounded('enqueue ingest', () =>
        ingest.add('ingest', { submissionId }, { jobId: ingestJobId(submissionId) }),
      )
    },
    bounded,
    alerts,
    notify,
    status,
    async enqueueStatusDrain() {
      const { jobId, delay } = statusDrainSlot(Date.now())
      await bounded('enqueue status drain', () => status.add('drain', {}, { jobId, delay }))
    },
    async enqueueAlerts(pairs) {
      await bounded('enqueue alert evaluation', () => alerts.add('evaluate', pairs ? { pairs } : {}))
    },
    async enqueueTaskAlerts(taskIds) {
      if (taskIds.length)
        await bounded('enqueue task alert evaluation', () =>
          alerts.add('evaluate-tasks', { taskIds: [...new Set(taskIds)] }),
        )
    },
    async enqueueGroups(groups, now) {
      // No fixed job id: a kept, finished job with the same id would swallow the new one (a frozen or
      // repeating product clock makes due times repeat). A surplus group job finds nothing and ends.
      const unique = new Map(groups.map((g) => [`${g.userId}-${g.channelId}-${g.dueAt.getTime()}`, g]))
      for (const g of unique.values())
        await bounded('enqueue notification group', () =>
          notify.add(
            'group',
            { kind: 'group', userId: g.userId, channelId: g.channelId },
            { delay: Math.max(0, g.dueAt.getTime() - now.getTime()), attempts: 3 },
          ),
        )
    },
    async enqueueDelivery(batchId) {
      await bounded('enqueue delivery', () =>
        notify.add('deliver', { kind: 'deliver', batchId }, { jobId: `dlv-${batchId}` }),
      )
    },
    async close() {
      // Bounded: a Queue whose connection is mid-reconnect (Redis restarting) can wait forever to close.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([ingest.close(), maintenance.close(), alerts.close(), notify.close(), status.close()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 3000)
        }),
      ])
      clearTimeout(timer)
      connection.disconnect()
    },
  }
}
