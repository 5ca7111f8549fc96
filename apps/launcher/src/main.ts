import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { createApp } from '@cockpit/api/app'
import { createDb, migrateToLatest } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { ensureDefaultAlertRules } from '@cockpit/services/alerts'
import { ensureDemoUsers } from '@cockpit/services/access'
import { startRedisServer } from './redis-server.js'
import { composeRuntime, configOrExit, onStop } from '@cockpit/runtime'
import { startSimulator } from '@cockpit/simulator'
import { loadLauncherConfig } from './config.js'
import { chooseLogFormat, createLogger } from './logger.js'
import { rememberCredentials } from './demo-credentials.js'
import { startProductClock } from './demo-clock.js'
import { demoDisplayKey } from './demo-display-key.js'
import { issueSimulatorTokens } from './simulator-tokens.js'

// `npm start`: the whole product in one process on the embedded defaults — PGlite under DATA_DIR, our own
// redis-server, the API, the workers and the demo simulator. Production runs apps/api and apps/worker apart.
const config = configOrExit(() => loadLauncherConfig(process.env, process.cwd()))
const logger = createLogger(config.logLevel, chooseLogFormat(config.logFormat, process.stdout.isTTY))
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
const fastClock = clock.simulated && clock.speed > 60
// The product clock needs the database before the rest starts: the launcher opens it and closes it last.
const runtime = await composeRuntime(
  {
    db: handle,
    logger,
    now: () => clock.now(),
    redis: { url: redisUrl, prefix: 'cockpit', enqueueTimeoutMs: config.enqueueTimeoutMs },
    uploadParseThreads: config.uploadParseThreads,
    workers: {
      // With a fast demo calendar the nightly recompute must come every few seconds of real time.
      ...(fastClock ? { recomputeEveryMs: 5_000, reportingEveryMs: 5_000, alertsEveryMs: 5_000 } : {}),
      linkBase: `http://${config.host}:${config.port}`,
      outbound: config.outbound,
      sourceFilesDir: config.sourceFilesDir,
    },
  },
  (deps) =>
    createApp({
      ...deps,
      version: '0.1.0',
      secureCookies: false,
      clockRate: clock.simulated ? clock.speed : 1,
      staticSites: webSites(process.cwd()),
      outbound: config.outbound,
      sourceFilesDir: config.sourceFilesDir,
    }),
)
const { app } = runtime

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

onStop(async (signal) => {
  logger.info({ signal }, 'shutting down')
  await simulator?.stop()
  server!.close()
  await runtime.stopWorkers()
  await productClock.stop()
  await runtime.close()
  await handle.close()
  await redis?.stop()
})
