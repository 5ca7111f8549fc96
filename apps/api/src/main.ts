import { serve } from '@hono/node-server'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import type { Server } from 'node:http'
import { changeFollower, createEventHub, createProducers, createRedis } from '@cockpit/services/messaging'
import { jobMetricsText, queueProbe } from '@cockpit/services/ops'
import { createParsePool } from '@cockpit/tabular'
import { createPlanReadPool } from '@cockpit/plan-import'
import { pino } from 'pino'
import { createApp } from './app.js'
import { type ApiConfig, loadConfig } from './config.js'
import { createApiMetrics, ingestLagSource } from './metrics.js'
import { VERSION } from './version.js'

// The API alone, for production (DATABASE_URL + REDIS_URL, workers run as their own processes).
// `npm start` instead runs apps/launcher: everything in one process on the embedded defaults.
let config: ApiConfig
try {
  config = loadConfig(process.env, process.cwd())
  if (config.db.kind === 'pglite')
    throw new Error(
      'invalid configuration:\n  DATABASE_URL: the standalone API needs PostgreSQL; use `npm start` for the embedded PGlite',
    )
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
const logger = pino({ level: config.logLevel })
// Stopped while still starting (nothing in flight yet): just exit. Replaced by the drain below once up.
const stopWhileStarting = () => process.exit(0)
process.on('SIGTERM', stopWhileStarting)
process.on('SIGINT', stopWhileStarting)
const handle = await createDb(config.db, { logger })
await migrateToLatest(handle.db)
if (config.seedOnStart) {
  const seeded = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
  for (const note of seeded.jurisdictions.notes) logger.warn({ note }, 'jurisdiction tree changed')
}
const producers = createProducers(config.redisUrl, config.prefix, config.ingestRetry, {
  timeoutMs: config.enqueueTimeoutMs,
  logger,
})
const events = await createEventHub(createRedis(config.redisUrl, 'subscriber'), config.prefix)
const parsePool = createParsePool({ threads: config.uploadParseThreads })
// Plan documents (规划导入) are rare and read one at a time: one thread, started on the first upload.
const planReadPool = createPlanReadPool({ threads: 1 })
const probeQueues = queueProbe(producers, config.prefix)
const metrics = createApiMetrics({
  probeQueues,
  jobMetrics: () => jobMetricsText(producers.connection, config.prefix),
  ingestLagSeconds: ingestLagSource(handle.db),
  processMetrics: true,
})
let draining = false
const app = createApp({
  db: handle.db,
  parsePool,
  planReadPool,
  dbKind: handle.kind,
  dbHealth: handle.health,
  probeQueues,
  metrics,
  metricsTokenDigest: config.metricsTokenDigest,
  draining: () => draining,
  queueLagLimitMs: config.queueLagLimitMs,
  logger,
  now: () => new Date(),
  version: VERSION,
  secureCookies: config.secureCookies,
  outbound: config.outbound,
  sourceFilesDir: config.sourceFilesDir,
  enqueueIngest: (id) => producers.enqueueIngest(id),
  // The producers log a Redis outage once; each follow-up it costs is detail.
  onChanges: changeFollower(producers, config.prefix, (msg, err) => logger.debug({ err }, msg)),
  events,
})
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) =>
  logger.info({ url: `http://${config.host}:${info.port}` }, 'API listening'),
) as Server

/**
 * SIGTERM: stop accepting connections, end every event stream with a reconnect hint (the screens come back
 * through another process), let in-flight requests finish up to DRAIN_TIMEOUT_MS, then close what remains.
 */
async function drain(): Promise<void> {
  draining = true
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  events.drain()
  // Keep-alive connections idle between requests would hold close() open: close them as they go idle.
  server.closeIdleConnections()
  const idle = setInterval(() => server.closeIdleConnections(), 100)
  let timer: NodeJS.Timeout | undefined
  const inTime = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), config.drainTimeoutMs))),
  ])
  clearInterval(idle)
  clearTimeout(timer)
  if (!inTime) {
    logger.warn(
      { drainTimeoutMs: config.drainTimeoutMs },
      'requests still running after the drain timeout; closing their connections',
    )
    server.closeAllConnections()
  }
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'draining API')
  const started = Date.now()
  await drain()
  logger.info({ ms: Date.now() - started }, 'API drained')
  await events.close()
  await producers.close()
  await parsePool.close()
  await planReadPool.close()
  await handle.close()
  process.exit(0)
}
process.off('SIGTERM', stopWhileStarting)
process.off('SIGINT', stopWhileStarting)
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
