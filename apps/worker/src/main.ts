import { createDb } from '@cockpit/db'
import { createParsePool } from '@cockpit/tabular'
import { pino } from 'pino'
import { loadWorkerConfig, type WorkerConfig } from './config.js'
import { startWorkers } from './start-workers.js'

// A worker process for production: DATABASE_URL and REDIS_URL; run as many as needed.
let config: WorkerConfig
try {
  config = loadWorkerConfig(process.env, process.cwd())
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
const parsePool = createParsePool({ threads: config.uploadParseThreads })
const workers = await startWorkers({
  db: handle.db,
  parsePool,
  dbHealth: handle.health,
  heartbeatEveryMs: config.heartbeatEveryMs,
  ingestRetry: config.ingestRetry,
  redisUrl: config.redisUrl,
  prefix: config.prefix,
  logger,
  concurrency: config.concurrency,
  lockDurationMs: config.lockDurationMs,
  sweepEveryMs: config.sweepEveryMs,
  stuckAfterMs: config.stuckAfterMs,
  outbound: config.outbound,
  sourceFilesDir: config.sourceFilesDir,
})
logger.info({ prefix: config.prefix, concurrency: config.concurrency }, 'workers started')

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  // Running jobs finish (up to DRAIN_TIMEOUT_MS; after that they are released and another worker retries
  // them); waiting jobs stay in Redis for the other workers. Nothing is lost either way.
  logger.info({ signal }, 'draining workers')
  const started = Date.now()
  await workers.close(config.drainTimeoutMs)
  logger.info({ ms: Date.now() - started }, 'workers drained')
  await parsePool.close()
  await handle.close()
  process.exit(0)
}
process.off('SIGTERM', stopWhileStarting)
process.off('SIGINT', stopWhileStarting)
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
