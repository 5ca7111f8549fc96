import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { createApp } from '@cockpit/api/app'
import { createDb, migrateToLatest } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { ensureDemoUsers } from '@cockpit/services/access'
import { ensureDefaultAlertRules } from '@cockpit/services/alerts'
import { changeFollower, createEventHub, createProducers, createRedis } from '@cockpit/services/messaging'
import { queueProbe } from '@cockpit/services/ops'
import { startSimulator } from '@cockpit/simulator'
import { startWorkers } from '@cockpit/worker'
import { createParsePool } from '@cockpit/tabular'
import { createPlanReadPool } from '@cockpit/plan-import'
import { pino } from 'pino'
import { loadLauncherConfig } from './config.js'
import { rememberCredentials } from './demo-credentials.js'
import { startProductClock } from './demo-clock.js'
import { demoDisplayKey } from './demo-display-key.js'
import { startRedisServer } from './redis-server.js'
import { issueSimulatorTokens } from './simulator-tokens.js'

// `npm start`: the whole product in one process on the embedded defaults — PGlite under DATA_DIR, our own
// redis-server, the API, the workers and the demo simulator. Production runs apps/api and apps/worker apart.
let config: ReturnType<typeof loadLauncherConfig>
try {
  config = loadLauncherConfig(process.env, process.cwd())
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
const logger = pino({ level: config.logLevel })
mkdirSync(config.dataDir, { recursive: true })
mkdirSync(config.sourceFilesDir, { recursive: true })

const redis = config.redisUrl ? null : await startRedisServer(config.dataDir)
const redisUrl = config.redisUrl ?? redis!.url
const handle = await createDb(config.db, { logger })
await migrateToLatest(handle.db)
const seeded = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
logger.info({ changed: seeded.changed, jurisdictions: seeded.jurisdictions.source }, 'seeds loaded')
for (const note of seeded.jurisdictions.notes) logger.warn({ note }, 'jurisdiction tree changed')
await ensureDefaultAlertRules(handle.db)
const credentials = rememberCredentials(join(config.dataDir, 'demo-credentials.json'), await ensureDemoUsers(handle.db))

const productClock = await startProductClock(handle.db, config.clock, logger, { holdFresh: config.simulate })
const clock = productClock.clock
const prefix = 'cockpit'
const producers = createProducers(redisUrl, prefix, {}, { timeoutMs: config.enqueueTimeoutMs, logger })
const fastClock = clock.simulated && clock.speed > 60
// One pool for the process: the API's previews and the workers' ingest share its threads.
const parsePool = createParsePool({ threads: config.uploadParseThreads })
const workers = await startWorkers({
  db: handle.db,
  parsePool,
  dbHealth: handle.health,
  redisUrl,
  prefix,
  logger,
  now: () => clock.now(),
  // With a fast demo calendar the nightly recompute must come every few seconds of real time.
  ...(fastClock ? { recomputeEveryMs: 5_000, reportingEveryMs: 5_000, alertsEveryMs: 5_000 } : {}),
  linkBase: `http://${config.host}:${config.port}`,
  outbound: config.outbound,
  sourceFilesDir: config.sourceFilesDir,
})
const events = await createEventHub(createRedis(redisUrl, 'subscriber'), prefix)
// Plan documents (规划导入) are read on a thread of their own, started on the first upload.
const planReadPool = createPlanReadPool({ threads: 1 })
const app = createApp({
  db: handle.db,
  parsePool,
  planReadPool,
  dbKind: handle.kind,
  dbHealth: handle.health,
  probeQueues: queueProbe(producers, prefix),
  logger,
  now: () => clock.now(),
  version: '0.1.0',
  secureCookies: false,
  enqueueIngest: (id) => producers.enqueueIngest(id),
  // The producers log a Redis outage once; each follow-up it costs is detail.
  onChanges: changeFollower(producers, prefix, (msg, err) => logger.debug({ err }, msg)),
  events,
  queues: [producers.ingest, producers.maintenance],
  clockRate: clock.simulated ? clock.speed : 1,
  staticSites: webSites(process.cwd()),
  outbound: config.outbound,
  sourceFilesDir: config.sourceFilesDir,
})

let server: ReturnType<typeof serve>
const port = await new Promise<number>((resolve) => {
  server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => resolve(info.port))
})
{
  const url = `http://${config.host}:${port}`
  const admin = credentials.find((c) => c.role === 'admin')
  const samples = credentials.filter((c) => c.role !== 'admin').slice(0, 4)
  const wallKey = await demoDisplayKey(handle.db, join(config.dataDir, 'display-key.json'), '320000', new Date())
  console.log(`
数政驾驶舱已启动  ${url}
  工作台     ${url}/portal/(填报、告警处理、审核、管理)
  大屏       ${url}/screen/?j=320000&children=1#key=${wallKey}
             (江苏省大屏显示密钥,免登录;其他地区:?j=360100 等,需管理员签发的密钥或先登录)
  健康检查   ${url}/api/v1/health
  指标       ${url}/api/v1/indicators(需登录 POST /api/v1/auth/login,或 Authorization: Bearer 接口令牌/大屏显示密钥)
  OpenAPI    ${url}/api/v1/openapi.json
  数据库     ${handle.kind === 'pglite' ? `PGlite(${join(config.dataDir, 'pglite')})` : 'PostgreSQL'};Redis ${redisUrl}
  时钟       ${clock.simulated ? `演示时钟,自 ${shanghaiDate(clock.now())} 起,每秒推进 ${Math.round(clock.speed / 3600)} 小时` : '真实时间'}
演示账号(全部账号见 ${join(config.dataDir, 'demo-credentials.json')}):
  ${admin ? `${admin.username} / ${admin.password}  (${admin.label})` : 'admin 已存在'}
${samples.map((c) => `  ${c.username} / ${c.password}  (${c.label})`).join('\n')}
`)
}

// The demo's departments report with their tokens; its administrator imports what was due before the
// demo's first day (as history: on time), and its managers verify completion claims, both by logging in.
const simulator = config.simulate
  ? startSimulator({
      baseUrl: `http://127.0.0.1:${port}`,
      departments: await issueSimulatorTokens(handle.db, clock.now()),
      now: () => clock.now(),
      logger,
      people: credentials.flatMap((c) =>
        c.role === 'admin' || c.role === 'manager'
          ? [{ username: c.username, password: c.password, role: c.role }]
          : [],
      ),
      // The calendar's first day, also after a relaunch: the import is idempotent and covers the same history.
      historyBefore: shanghaiDate(config.clock?.start ?? clock.now()),
    })
  : null
if (clock.held) releaseWhenHistoryImported()

/**
 * A fresh demo's calendar waits at its first instant until the simulator has imported the history (or
 * found it cannot); after HISTORY_WAIT_MS it runs anyway, so a demo never stays frozen.
 */
function releaseWhenHistoryImported() {
  const HISTORY_WAIT_MS = 180_000
  const since = Date.now()
  const timer = setInterval(() => {
    const history = simulator?.stats().history ?? 'none'
    if (history === 'pending' && Date.now() - since < HISTORY_WAIT_MS) return
    clearInterval(timer)
    if (history === 'pending')
      logger.warn({ waitedMs: Date.now() - since }, 'demo history still importing; the demo calendar starts anyway')
    else logger.info({ waitedMs: Date.now() - since, history }, 'demo history imported; the demo calendar starts')
    clock.release()
  }, 250)
  timer.unref()
}

/** Built front ends (`npm run build:web`, done by `npm start`); a missing one is simply not served. */
function webSites(root: string) {
  return [
    { prefix: '/screen', dir: resolve(root, 'apps/screen/dist') },
    { prefix: '/portal', dir: resolve(root, 'apps/portal/dist') },
  ].filter((s) => existsSync(join(s.dir, 'index.html')))
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  await simulator?.stop()
  server!.close()
  await workers.close()
  await productClock.stop()
  await events.close()
  await producers.close()
  await parsePool.close()
  await planReadPool.close()
  await handle.close()
  await redis?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
