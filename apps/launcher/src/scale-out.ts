import cluster, { type Worker } from 'node:cluster'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { ensureDefaultAlertRules } from '@cockpit/services/alerts'
import { pino } from 'pino'
import { startRedisServer } from './redis-server.js'
import { loadScaleOutConfig, SCALE_OUT_HELP, type ScaleOutConfig } from './scale-out-config.js'

// `npm start -- --api N --workers M`: the production entry points (apps/api, apps/worker) as N + M separate
// processes on one machine, supervised here. The API processes share one port through node:cluster (the
// primary accepts and hands connections round-robin); the workers share the queues through Redis. The
// supervisor migrates and seeds once before any process starts, restarts a process that exits, and on
// SIGTERM/SIGINT drains them all (each process drains itself on SIGTERM: see apps/api and apps/worker main.ts).

const repoRoot = resolve(import.meta.dirname, '../../..')
const SCRIPTS = { api: resolve(repoRoot, 'apps/api/src/main.ts'), worker: resolve(repoRoot, 'apps/worker/src/main.ts') }
type Role = keyof typeof SCRIPTS

let config: ScaleOutConfig
try {
  const loaded = loadScaleOutConfig(process.argv.slice(2), process.env, process.cwd())
  if (loaded === 'help') {
    console.log(SCALE_OUT_HELP)
    process.exit(0)
  }
  config = loaded
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(2)
}
const logger = pino({ level: config.logLevel }).child({ role: 'supervisor' })
mkdirSync(config.dataDir, { recursive: true })

const redis = config.redisUrl ? null : await startRedisServer(config.dataDir)
const redisUrl = config.redisUrl ?? redis!.url
{
  // Once, before any process starts: N processes migrating at once would only wait on each other's lock.
  const handle = await createDb({ kind: 'postgres', url: config.databaseUrl, poolMax: 2 }, { logger })
  await migrateToLatest(handle.db)
  if (config.seed) {
    const seeded = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
    for (const note of seeded.jurisdictions.notes) logger.warn({ note }, 'jurisdiction tree changed')
    await ensureDefaultAlertRules(handle.db)
  }
  await handle.close()
}

const childEnv = (role: Role, index: number): Record<string, string> => ({
  ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>),
  DATABASE_URL: config.databaseUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: config.prefix,
  HOST: config.host,
  PORT: String(config.port),
  SEED_ON_START: 'false',
  LOG_LEVEL: config.logLevel,
  COCKPIT_ROLE: `${role}-${index}`,
})

const children = new Map<number, { role: Role; index: number; worker: Worker }>()
let stopping = false

function start(role: Role, index: number) {
  // The setting applies to the forks after it: each role gets its own entry point, run from source by tsx.
  cluster.setupPrimary({ exec: SCRIPTS[role], execArgv: ['--import', 'tsx'], args: [], cwd: repoRoot })
  const worker = cluster.fork(childEnv(role, index))
  const pid = worker.process.pid!
  children.set(worker.id, { role, index, worker })
  logger.info({ process: `${role}-${index}`, childPid: pid }, 'process started')
  worker.on('exit', (code, signal) => {
    children.delete(worker.id)
    if (stopping)
      return void logger.info({ process: `${role}-${index}`, childPid: pid, code, signal }, 'process stopped')
    // Drained on its own SIGTERM (an operator replacing it) or crashed: either way a fresh one takes its place.
    logger.warn({ process: `${role}-${index}`, childPid: pid, code, signal }, 'process exited; restarting it')
    setTimeout(() => {
      if (!stopping) start(role, index)
    }, 500)
  })
}

for (let i = 0; i < config.api; i++) start('api', i + 1)
for (let i = 0; i < config.workers; i++) start('worker', i + 1)
const url = `http://${config.host}:${config.port}`
console.log(`
数政驾驶舱(多进程)  ${url}
  API 进程   ${config.api} 个,共用端口 ${config.port}(node:cluster 轮转分配连接)
  处理进程   ${config.workers} 个
  数据库     PostgreSQL;Redis ${redisUrl};队列前缀 ${config.prefix}
  健康检查   ${url}/api/v1/health   运行指标 ${url}/api/v1/metrics(METRICS_TOKEN 或管理员)
  停止       Ctrl-C 或 SIGTERM:每个进程排空(进行中的请求与任务完成,实时连接提示重连)后退出
`)

async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal, processes: children.size }, 'stopping: draining every process')
  const all = [...children.values()]
  const exited = Promise.all(
    all.map((c) =>
      c.worker.isDead() ? Promise.resolve() : new Promise<void>((r) => c.worker.once('exit', () => r())),
    ),
  )
  for (const c of all) c.worker.process.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const inTime = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), config.stopTimeoutMs))),
  ])
  clearTimeout(timer)
  if (!inTime) {
    logger.warn({ stopTimeoutMs: config.stopTimeoutMs }, 'processes still running after the stop timeout; killing them')
    for (const c of children.values()) c.worker.process.kill('SIGKILL')
  }
  await redis?.stop()
  logger.info({}, 'stopped')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
