import { z } from 'zod'

/**
 * ok: everything answers; degraded: serving and storing, but Redis is away, no worker takes jobs or a queue
 * lags (see `problems`); unavailable: the database is away, nothing can be read or stored (not ready).
 */
export const HealthStatus = z.enum(['ok', 'degraded', 'unavailable'])

export const QueueLagView = z.object({
  name: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  failed: z.number().int(),
  /** Seconds the oldest waiting job has waited (null: none waiting): the queue lag. */
  oldestWaitingSeconds: z.number().nullable(),
})

export const Health = z.object({
  status: HealthStatus,
  /** Can this instance serve requests (the database answers)? The readiness answer. */
  ready: z.boolean(),
  /** What makes the status less than ok, in words for the operator. */
  problems: z.array(z.string()),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    reachable: z.boolean(),
    unavailableSince: z.string().nullable(),
  }),
  /** null when this process runs without a queue. */
  redis: z.object({ reachable: z.boolean() }).nullable(),
  /** Worker processes with a live heartbeat, and how many of them are paused (database away); null without a queue or Redis. */
  workers: z.object({ alive: z.number().int(), paused: z.number().int() }).nullable(),
  queues: z.array(QueueLagView),
  version: z.string(),
  time: z.string(),
  /** Product seconds per real second: 1 in real time, more under the demo calendar. */
  clockRate: z.number(),
})
export type Health = z.infer<typeof Health>

/** Liveness: the process answers; it says nothing about the database (restarting would not bring it back). */
export const Liveness = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() })
export type Liveness = z.infer<typeof Liveness>
