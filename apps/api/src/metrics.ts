import { createHash, timingSafeEqual } from 'node:crypto'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { QueueProbe } from '@cockpit/services/ops'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export const METRICS_PATH = '/api/v1/metrics'

/** The digest a configured METRICS_TOKEN is kept as; the plain token is not kept in memory past start-up. */
export const metricsTokenDigest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest()

/** Constant-time comparison of a presented token with the configured digest (both hashed: equal lengths). */
export function metricsTokenMatches(presented: string, digest: Buffer | null | undefined): boolean {
  if (!digest) return false
  return timingSafeEqual(metricsTokenDigest(presented), digest)
}

export interface ApiMetricsSources {
  /** Queue depths and the oldest waiting job of each queue (the health probe's). */
  probeQueues?: () => Promise<QueueProbe>
  /** Job durations and failures of every worker process, already in the exposition format (`jobMetricsText`). */
  jobMetrics?: () => Promise<string>
  /** Age in seconds of the oldest submission not yet processed (null: none waiting). */
  ingestLagSeconds?: () => Promise<number | null>
  /** Node's own process metrics (heap, event-loop lag, GC): on in a deployment, off in tests. */
  processMetrics?: boolean
}

/** What the API records for operators: served at /api/v1/metrics in the Prometheus text format. */
export interface ApiMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void
  sseOpened(): void
  sseClosed(): void
  contentType: string
  render(): Promise<string>
}

/** A registry per app (not prom-client's global one), so tests that build several apps never collide. */
export function createApiMetrics(sources: ApiMetricsSources = {}): ApiMetrics {
  const registry = new Registry()
  if (sources.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'cockpit_api_' })
  const http = new Histogram({
    name: 'cockpit_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  let sse = 0
  new Gauge({
    name: 'cockpit_sse_clients',
    help: 'Open event streams (/api/v1/events) on this API process',
    registers: [registry],
    collect() {
      this.set(sse)
    },
  })
  const depth = new Gauge({
    name: 'cockpit_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  })
  const oldest = new Gauge({
    name: 'cockpit_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting for a worker, per queue (0: none waiting)',
    labelNames: ['queue'] as const,
    registers: [registry],
  })
  const redisUp = new Gauge({ name: 'cockpit_redis_up', help: '1 when the API reaches Redis', registers: [registry] })
  const workersAlive = new Gauge({
    name: 'cockpit_workers_alive',
    help: 'Worker processes whose heartbeat is current',
    registers: [registry],
  })
  const ingestLag = new Gauge({
    name: 'cockpit_ingest_lag_seconds',
    help: 'Age of the oldest submission received but not yet processed (0: none waiting)',
    registers: [registry],
  })

  /** The gauges read from Redis and the database, refreshed once per scrape. */
  async function refresh() {
    const [probe, lag] = await Promise.all([
      sources.probeQueues?.().catch(() => null),
      sources.ingestLagSeconds?.().catch(() => null),
    ])
    depth.reset()
    oldest.reset()
    if (probe) {
      redisUp.set(probe.redis.reachable ? 1 : 0)
      workersAlive.set(probe.workers?.alive ?? 0)
      for (const q of probe.queues) {
        depth.set({ queue: q.name, state: 'waiting' }, q.waiting)
        depth.set({ queue: q.name, state: 'active' }, q.active)
        depth.set({ queue: q.name, state: 'delayed' }, q.delayed)
        depth.set({ queue: q.name, state: 'failed' }, q.failed)
        oldest.set({ queue: q.name }, (q.oldestWaitingMs ?? 0) / 1000)
      }
    }
    ingestLag.set(lag ?? 0)
  }

  return {
    observeRequest(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds)
    },
    sseOpened: () => void sse++,
    sseClosed: () => void sse--,
    contentType: registry.contentType,
    async render() {
      await refresh()
      const [own, jobs] = await Promise.all([
        registry.metrics(),
        sources.jobMetrics?.().catch(() => '') ?? Promise.resolve(''),
      ])
      return jobs ? `${own.trimEnd()}\n${jobs}` : own
    },
  }
}

/** Seconds since the oldest submission still waiting to be processed was received (null: none). */
export function ingestLagSource(
  db: Kysely<Database>,
  now: () => Date = () => new Date(),
): () => Promise<number | null> {
  return async () => {
    const row = await db
      .selectFrom('submissions')
      .select((eb) => eb.fn.min('received_at').as('oldest'))
      .where('state', 'in', ['received', 'processing'])
      .executeTakeFirst()
    const oldest = row?.oldest ? new Date(row.oldest as Date | string) : null
    return oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : null
  }
}
