import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'

// One key per worker process that expires unless renewed, plus a hash naming every process that has beaten:
// a killed process stops renewing and its key lapses, whatever the clocks of the hosts say.
const keyOf = (prefix: string, id: string) => `${prefix}:heartbeat:${id}`
const indexOf = (prefix: string) => `${prefix}:heartbeats`

export interface Heartbeat {
  id: string
  /** Announces at once (a pause or resume shows in health without waiting for the next beat). */
  beat(): Promise<void>
  stop(): Promise<void>
}

/**
 * Announces a worker process every `everyMs` (its key lives three beats); `state` says whether it is
 * paused (the database is away). A failed beat (Redis away) is skipped: the next one tries again.
 */
export function startHeartbeat(
  redis: Redis,
  prefix: string,
  state: () => { paused: boolean },
  everyMs = 5000,
): Heartbeat {
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const beat = async () => {
    const value = JSON.stringify({ host: hostname(), pid: process.pid, paused: state().paused })
    await redis
      .multi()
      .set(keyOf(prefix, id), value, 'PX', everyMs * 3)
      .hset(indexOf(prefix), id, '1')
      .exec()
  }
  const quietBeat = () => beat().catch(() => {})
  void quietBeat()
  const timer = setInterval(() => void quietBeat(), everyMs)
  timer.unref()
  return {
    id,
    beat: quietBeat,
    async stop() {
      clearInterval(timer)
      await redis
        .multi()
        .del(keyOf(prefix, id))
        .hdel(indexOf(prefix), id)
        .exec()
        .catch(() => {})
    },
  }
}

export interface WorkerLiveness {
  alive: number
  paused: number
}

/** Worker processes whose heartbeat has not lapsed; lapsed ones are forgotten. */
export async function readWorkerLiveness(redis: Redis, prefix: string): Promise<WorkerLiveness> {
  const ids = await redis.hkeys(indexOf(prefix))
  if (ids.length === 0) return { alive: 0, paused: 0 }
  const values = await redis.mget(ids.map((id) => keyOf(prefix, id)))
  const lapsed = ids.filter((_, i) => values[i] === null)
  if (lapsed.length) await redis.hdel(indexOf(prefix), ...lapsed)
  let alive = 0
  let paused = 0
  for (const v of values) {
    if (v === null) continue
    alive++
    if ((JSON.parse(v) as { paused?: boolean }).paused) paused++
  }
  return { alive, paused }
}
