import type { Redis } from 'ioredis'

/** Upper bounds (seconds) of the job-duration histogram's buckets. */
export const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const

/** One hash per deployment (under the queue prefix, so the same Redis Cluster slot as the queues). */
const keyOf = (prefix: string) => `${prefix}:metrics:jobs`

/**
 * Counts a finished job of `queue` in Redis, so every API process serves the figures of every worker
 * process (a worker has no HTTP server of its own to be scraped). Cumulative buckets, sum, count and failures.
 */
export async function recordJob(
  redis: Redis,
  prefix: string,
  queue: string,
  outcome: { seconds: number; failed: boolean },
): Promise<void> {
  const key = keyOf(prefix)
  const p = redis.pipeline()
  if (outcome.failed) p.hincrby(key, `${queue}|failed`, 1)
  else {
    for (const le of JOB_BUCKETS) if (outcome.seconds <= le) p.hincrby(key, `${queue}|le|${le}`, 1)
    p.hincrby(key, `${queue}|count`, 1)
    p.hincrbyfloat(key, `${queue}|sum`, outcome.seconds)
  }
  await p.exec()
}

/** The recorded job figures in the Prometheus text format (empty when nothing has run yet). */
export async function jobMetricsText(redis: Redis, prefix: string): Promise<string> {
  const h = await redis.hgetall(keyOf(prefix))
  const queues = [...new Set(Object.keys(h).map((f) => f.split('|')[0]!))].sort()
  if (!queues.length) return ''
  const num = (f: string) => Number(h[f] ?? 0)
  const lines = [
    '# HELP cockpit_job_duration_seconds Duration of completed jobs, per queue (all worker processes)',
    '# TYPE cockpit_job_duration_seconds histogram',
  ]
  for (const q of queues) {
    for (const le of JOB_BUCKETS)
      lines.push(`cockpit_job_duration_seconds_bucket{le="${le}",queue="${q}"} ${num(`${q}|le|${le}`)}`)
    lines.push(`cockpit_job_duration_seconds_bucket{le="+Inf",queue="${q}"} ${num(`${q}|count`)}`)
    lines.push(`cockpit_job_duration_seconds_sum{queue="${q}"} ${num(`${q}|sum`)}`)
    lines.push(`cockpit_job_duration_seconds_count{queue="${q}"} ${num(`${q}|count`)}`)
  }
  lines.push(
    '# HELP cockpit_job_failures_total Failed job attempts, per queue (all worker processes)',
    '# TYPE cockpit_job_failures_total counter',
  )
  for (const q of queues) lines.push(`cockpit_job_failures_total{queue="${q}"} ${num(`${q}|failed`)}`)
  return `${lines.join('\n')}\n`
}
