import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { pino } from 'pino'
import { createApp } from './app.js'
import { loadConfig } from './config.js'

const VERSION = '0.1.0'

let config
try {
  config = loadConfig(process.env, process.cwd())
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
const logger = pino({ level: config.logLevel })

if (config.db.kind === 'pglite' && config.db.dataDir) mkdirSync(dirname(config.db.dataDir), { recursive: true })
const handle = await createDb(config.db)
const applied = await migrateToLatest(handle.db)
if (applied.length) logger.info({ applied }, 'migrations applied')
if (config.seedOnStart) {
  const summary = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
  logger.info({ changed: summary.changed, plans: summary.plans.length }, 'seeds loaded')
}

const app = createApp({ db: handle.db, dbKind: handle.kind, logger, now: () => new Date(), version: VERSION })
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const url = `http://${config.host}:${info.port}`
  logger.info({ url, database: handle.kind }, 'API listening')
  console.log(`\n数政驾驶舱 API 已启动: ${url}/api/v1/health`)
  console.log(`  指标列表   ${url}/api/v1/indicators`)
  console.log(`  OpenAPI    ${url}/api/v1/openapi.json`)
  console.log(`  数据库     ${handle.kind === 'pglite' ? `PGlite (${config.db.kind === 'pglite' ? config.db.dataDir : ''})` : 'PostgreSQL'}\n`)
})

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  server.close()
  await handle.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
