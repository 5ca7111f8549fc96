import type { QueueProbe } from './queue-health.js'

export type HealthStatus = 'ok' | 'degraded' | 'unavailable'

export interface HealthInput {
  database: { reachable: boolean }
  /** null: this process runs without a queue (nothing to report). */
  queue: QueueProbe | null
  /** A waiting job older than this means the workers are not keeping up. */
  lagLimitMs: number
}

/**
 * The verdict an orchestrator acts on: `unavailable` (the database is away: nothing can be served or
 * stored, not ready), `degraded` (serving and storing, but Redis is away, no worker is taking jobs, or a
 * queue lags), `ok`. Each problem is named for the operator.
 */
export function healthVerdict(input: HealthInput): { status: HealthStatus; problems: string[] } {
  const problems: string[] = []
  if (!input.database.reachable) problems.push('数据库不可达')
  const q = input.queue
  if (q && !q.redis.reachable) problems.push('Redis 不可达:提交仍会保存,恢复后自动补处理')
  if (q?.workers) {
    if (q.workers.alive === 0) problems.push('没有存活的后台处理进程')
    else if (q.workers.alive === q.workers.paused) problems.push('后台处理进程均已暂停(等待数据库恢复)')
  }
  for (const lag of q?.queues ?? [])
    if (lag.oldestWaitingMs !== null && lag.oldestWaitingMs > input.lagLimitMs)
      problems.push(`队列 ${lag.name} 最早的任务已等待 ${Math.round(lag.oldestWaitingMs / 1000)} 秒`)
  const status: HealthStatus = !input.database.reachable ? 'unavailable' : problems.length ? 'degraded' : 'ok'
  return { status, problems }
}
