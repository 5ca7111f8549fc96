import { createDb } from '@cockpit/db'
import { configOrExit, exitWhileStarting, onStop, startWorkers } from '@cockpit/runtime'
import { createParsePool } from '@cockpit/tabular'
import { pino } from 'pino'
import { loadWorkerConfig } from './config.js'

// A worker process for production: DATABASE_URL and REDIS_URL; run as many as needed.
const config = configOrExit(() => loadWorkerConfig(process.env, process.cwd()))
const logger = pino({ level: config.logLevel })
exitWhileStarting()
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

onStop(async (signal) => {
  // Running jobs finish (up to DRAIN_TIMEOUT_MS; after that they are released and another worker retries
  // them); waiting jobs stay in Redis for the other workers. Nothing is lost either way.
  logger.info({ signal }, 'draining workers')
  const started = Date.now()
  await workers.close(config.drainTimeoutMs)
  logger.info({ ms: Date.now() - started }, 'workers drained')
  await parsePool.close()
  await handle.close()
})
