import { serve } from '@hono/node-server'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import type { Server } from 'node:http'
import { composeRuntime, configOrExit, exitWhileStarting, onStop } from '@cockpit/runtime'
import { pino } from 'pino'
import { createApp } from './app.js'
import { loadConfig } from './config.js'
import { createApiMetrics, ingestLagSource } from './metrics.js'
import { VERSION } from './version.js'

// The API alone, for production (DATABASE_URL + REDIS_URL, workers run as their own processes).
// `npm start` instead runs apps/launcher: everything in one process on the embedded defaults.
const config = configOrExit(() => {
  const loaded = loadConfig(process.env, process.cwd())
  if (loaded.db.kind === 'pglite')
    throw new Error(
      'invalid configuration:\n  DATABASE_URL: the standalone API needs PostgreSQL; use `npm start` for the embedded PGlite',
    )
  return loaded
})
const logger = pino({ level: config.logLevel })
exitWhileStarting()
let draining = false
const runtime = await composeRuntime(
  {
    db: config.db,
    migrate: true,
    logger,
    now: () => new Date(),
    redis: {
      url: config.redisUrl,
      prefix: config.prefix,
      ingestRetry: config.ingestRetry,
      enqueueTimeoutMs: config.enqueueTimeoutMs,
    },
    uploadParseThreads: config.uploadParseThreads,
  },
  (deps, rt) =>
    createApp({
      ...deps,
      metrics: createApiMetrics({
        ...(deps.probeQueues ? { probeQueues: deps.probeQueues } : {}),
        ...(rt.jobMetrics ? { jobMetrics: rt.jobMetrics } : {}),
        ingestLagSeconds: ingestLagSource(deps.db),
        processMetrics: true,
      }),
      metricsTokenDigest: config.metricsTokenDigest,
      draining: () => draining,
      queueLagLimitMs: config.queueLagLimitMs,
      version: VERSION,
      secureCookies: config.secureCookies,
      outbound: config.outbound,
      sourceFilesDir: config.sourceFilesDir,
      // No bull-board here (as before): the one-process launcher and the tests serve it.
      queues: [],
    }),
)
if (config.seedOnStart) {
  const seeded = await loadSeeds(runtime.handle.db, readSeedFiles({ sourceDir: null }))
  for (const note of seeded.jurisdictions.notes) logger.warn({ note }, 'jurisdiction tree changed')
}
const { app, events } = runtime
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
  events?.drain()
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

onStop(async (signal) => {
  logger.info({ signal }, 'draining API')
  const started = Date.now()
  await drain()
  logger.info({ ms: Date.now() - started }, 'API drained')
  await runtime.close()
})
