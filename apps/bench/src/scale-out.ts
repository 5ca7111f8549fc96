import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createApp } from '@cockpit/api/app'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { createProducers } from '@cockpit/services/messaging'
import { createParsePool } from '@cockpit/tabular'
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import { pino } from 'pino'
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from './options.js'
import { forEachConcurrent } from './pool.js'
import { postBatch } from './post-batch.js'
import { deleteQueueKeys } from './redis-cleanup.js'
import { observationCount, waitUntilSettled } from './submission-counts.js'
import { createBenchPlan } from './synthetic-plan.js'
import { buildItems, toBatches } from './workload.js'

// `npm run bench:scale-out`: what more processes buy on this machine, with the real entry points as
// separate processes (apps/worker/src/main.ts, and `npm start -- --api N` for the API).
// Ingest: the same submissions (stored and queued while the queue is paused) drained by 1, 2 and 4
// worker processes, each run on a fresh schema: values/s from resume to the last one processed.
// Reads: GET of the wall's indicator list under autocannon against 1 and 2 API processes sharing a port.
// A measurement: it exits 0 whatever the figures; only a broken setup exits 1.

const USAGE = `usage: npm run bench:scale-out -- [--values N] [--workers 1,2,4] [--apis 1,2] [--seconds 10] [--connections 100]
  DATABASE_URL (default ${DEFAULT_DATABASE_URL}) and REDIS_URL (default ${DEFAULT_REDIS_URL}); PostgreSQL only.`
const { values: args } = parseArgs({
  options: {
    values: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '1,2,4' },
    apis: { type: 'string', default: '1,2' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    help: { type: 'boolean' },
  },
})
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}
const list = (s: string) => s.split(',').map(Number)
const values = Number(args.values)
const workerCounts = list(args.workers)
const apiCounts = list(args.apis)
const seconds = Number(args.seconds)
const connections = Number(args.connections)
if (![values, seconds, connections, ...workerCounts, ...apiCounts].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(USAGE)
  process.exit(1)
}
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL
const repoRoot = resolve(import.meta.dirname, '../../..')
const logger = pino({ level: 'warn' }, pino.destination(2))
const progress = (msg: string) => console.error(`… ${msg}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const children = new Set<ChildProcess>()

/** A fresh schema, migrated and seeded, with the bench's plan; its URL reaches the same schema from another process. */
async function freshSchema() {
  const schema = `bench_so_${randomBytes(4).toString('hex')}`
  const handle = await createDb({ kind: 'postgres', url: databaseUrl, schema, poolMax: 8 })
  await migrateToLatest(handle.db)
  await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
  const plan = await createBenchPlan(handle.db, values)
  const url = `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
  return { handle, plan, url, drop: () => handle.close({ dropSchema: true }) }
}

/** Runs one entry point as its own process; resolves once it has logged `ready` (a pino msg). */
function spawnEntry(
  script: string,
  env: Record<string, string>,
  argv: string[],
  ready: string,
  count = 1,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...argv], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((ok, fail) => {
    let seen = 0
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes(`"msg":"${ready}"`) && ++seen === count) ok(child)
    })
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}) before "${ready}"`)))
  })
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(30_000)])
  if (child.exitCode === null) child.kill('SIGKILL')
}

/** Ingest of `values` values by `n` worker processes: values/s from the queue's resume to the last one processed. */
async function ingestWith(n: number): Promise<{ valuesPerSecond: number; seconds: number; ok: boolean }> {
  const s = await freshSchema()
  const prefix = `{bso${randomBytes(4).toString('hex')}}`
  const producers = createProducers(redisUrl, prefix)
  const parsePool = createParsePool({ threads: 1 })
  const workers: ChildProcess[] = []
  try {
    const batches = toBatches(buildItems(s.plan, values, 'series'), 100, true)
    await producers.ingest.pause()
    // The submissions as the API stores and queues them; the queue holds them until the workers are all up.
    const app = createApp({
      db: s.handle.db,
      parsePool,
      dbKind: 'postgres',
      logger,
      now: () => new Date(),
      version: 'bench',
      secureCookies: false,
      enqueueIngest: (id) => producers.enqueueIngest(id),
    })
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => ok(srv))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await forEachConcurrent(batches, 8, async (b, i) => void (await postBatch(base, s.plan.token, b, `so-${i}`)))
    server.close()
    progress(`ingest: ${batches.length} submissions queued; starting ${n} worker process(es)`)
    const env = {
      DATABASE_URL: s.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '4',
      UPLOAD_PARSE_THREADS: '1',
      DATABASE_POOL_MAX: '6',
    }
    workers.push(
      ...(await Promise.all(
        Array.from({ length: n }, () => spawnEntry('apps/worker/src/main.ts', env, [], 'workers started')),
      )),
    )
    const started = performance.now()
    await producers.ingest.resume()
    const counts = await waitUntilSettled(s.handle.db, batches.length, { pollMs: 20, stallMs: 60_000 })
    const secs = (performance.now() - started) / 1000
    const ok = counts.processed === batches.length && (await observationCount(s.handle.db)) === values
    return { valuesPerSecond: values / secs, seconds: secs, ok }
  } finally {
    await Promise.all(workers.map(stop))
    await producers.ingest.resume().catch(() => {})
    await producers.close()
    await parsePool.close()
    await deleteQueueKeys(redisUrl, prefix).catch(() => {})
    await s.drop()
  }
}

/** Reads against `n` API processes sharing one port (`npm start -- --api n --workers 1`). */
async function readsWith(s: Awaited<ReturnType<typeof freshSchema>>, n: number, path: string) {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const prefix = `{bso${randomBytes(4).toString('hex')}}`
  const sup = await spawnEntry(
    'apps/launcher/src/scale-out.ts',
    { DATABASE_URL: s.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, PORT: String(port), UPLOAD_PARSE_THREADS: '1' },
    ['--api', String(n), '--workers', '1', '--no-seed'],
    'API listening',
    n,
  )
  try {
    const url = `http://127.0.0.1:${port}${path}`
    const headers = { authorization: `Bearer ${s.plan.token}` }
    const sample = await fetch(url, { headers })
    if (!sample.ok) throw new Error(`GET ${path}: ${sample.status} ${await sample.text()}`)
    await autocannon({ url, connections, duration: 2, headers }) // warm-up: every process compiles its routes
    const r = await autocannon({ url, connections, duration: seconds, headers, timeout: 30 })
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors }
  } finally {
    await stop(sup)
    await deleteQueueKeys(redisUrl, prefix).catch(() => {})
  }
}

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n')
}

try {
  console.log(
    `environment: node ${process.version}, PostgreSQL, ${cpus().length} CPUs (the load generator shares them)\n`,
  )
  const ingest: string[][] = [['worker processes', 'values', 'seconds', 'values/s', 'vs 1 process', 'all processed']]
  let one = 0
  for (const n of workerCounts) {
    progress(`ingest with ${n} worker process(es)`)
    const r = await ingestWith(n)
    if (n === workerCounts[0]) one = r.valuesPerSecond
    ingest.push([
      String(n),
      String(values),
      r.seconds.toFixed(1),
      r.valuesPerSecond.toFixed(0),
      (r.valuesPerSecond / one).toFixed(2),
      r.ok ? 'yes' : 'NO',
    ])
  }
  console.log(`ingest (series order, batches of 100, WORKER_CONCURRENCY 4 per process):\n${table(ingest)}\n`)

  const path = '/api/v1/indicators?jurisdiction=320000&descendants=true'
  const s = await freshSchema()
  try {
    const reads: string[][] = [['API processes', 'req/s', 'p50 ms', 'p99 ms', 'vs 1 process', 'non-2xx/errors']]
    let base = 0
    for (const n of apiCounts) {
      progress(`reads with ${n} API process(es)`)
      const r = await readsWith(s, n, path)
      if (n === apiCounts[0]) base = r.rps
      reads.push([
        String(n),
        r.rps.toFixed(0),
        String(r.p50),
        String(r.p99),
        (r.rps / base).toFixed(2),
        `${r.non2xx}/${r.errors}`,
      ])
    }
    console.log(`reads: GET ${path}, ${connections} connections, ${seconds} s:\n${table(reads)}`)
  } finally {
    await s.drop()
  }
  process.exit(0)
} catch (e) {
  console.error('bench failed:', e instanceof Error ? (e.stack ?? e.message) : e)
  for (const c of children) c.kill('SIGKILL')
  process.exit(1)
}
