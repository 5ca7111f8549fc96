import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createDb } from '@cockpit/db'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { startFreshProduct } from './fresh-product.js'

// `npm run bench:read`: the wall's heaviest read as a new user meets it — the product started fresh
// (`npm start`, demo simulator writing), a display key of 江苏, GET /api/v1/indicators for 江苏 and
// everything below it — under autocannon at 100 and 1,000 connections, beside a bare node:http server
// (its own process, like the product) sending the same bytes with the same headers: the floor. Prints
// req/s, p50/p99 and the ratio. PostgreSQL (DATABASE_URL, a fresh database) by default, PGlite with --pglite.
// A measurement: it exits 0 whether the goal is met or not.

const HELP = `usage: npm run bench:read -- [--pglite] [--connections 100,1000] [--seconds 10] [--path /api/v1/...]
  --pglite       the embedded database instead of PostgreSQL (DATABASE_URL, default postgres://postgres:postgres@127.0.0.1:5432/test)
  --connections  comma-separated connection counts (default 100,1000)
  --seconds      duration of each run (default 10)
  --path         the read to measure (default the wall's indicator list of 江苏 with descendants)`

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    connections: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '10' },
    path: { type: 'string', default: '/api/v1/indicators?jurisdiction=320000&descendants=true' },
    help: { type: 'boolean' },
  },
})
if (args.help) {
  console.log(HELP)
  process.exit(0)
}
const connections = args.connections.split(',').map(Number)
const seconds = Number(args.seconds)
if (connections.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0)) {
  console.error(HELP)
  process.exit(2)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const GOAL = { ratio: 0.7, p99Ms: 50, connections: 100 }

/** A fresh PostgreSQL database for the product, dropped at the end. */
async function freshDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_read_${randomBytes(4).toString('hex')}`
  const admin = await createDb({ kind: 'postgres', url: base })
  await sql`create database ${sql.id(name)}`.execute(admin.db)
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db)
      await admin.close()
    },
  }
}

/** The floor: node:http answering every request with the captured bytes and headers, in its own process. */
async function startBare(
  bodyFile: string,
  headers: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const script = `
    const body = require('node:fs').readFileSync(${JSON.stringify(bodyFile)})
    const headers = ${JSON.stringify(headers)}
    const server = require('node:http').createServer((req, res) => { res.writeHead(200, headers); res.end(body) })
    server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port))`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\d+)/.exec(b.toString())
      if (m) ok(Number(m[1]))
    })
    child.on('exit', (code) => fail(new Error(`the bare server exited (${code})`)))
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

interface Run {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}
async function load(url: string, headers: Record<string, string>, conns: number): Promise<Run> {
  const r = await autocannon({ url, connections: conns, duration: seconds, headers, timeout: 30 })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(15_000)])
}

const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-bench-read-'))
const db = args.pglite
  ? null
  : await freshDatabase(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/test')
const product = await startFreshProduct(dataDir, db ? { DATABASE_URL: db.url } : {})
let bare: { url: string; child: ChildProcess } | null = null
try {
  const key = (JSON.parse(readFileSync(join(dataDir, 'display-key.json'), 'utf8')) as { key: string }).key
  const headers = { authorization: `Bearer ${key}` }
  // The history import holds the demo calendar; measure once the simulator is writing.
  await sleep(5_000)
  const sample = await fetch(`${product.url}${args.path}`, { headers })
  if (!sample.ok) throw new Error(`GET ${args.path}: ${sample.status} ${await sample.text()}`)
  const bytes = Buffer.from(await sample.arrayBuffer())
  const bodyFile = join(dataDir, 'floor-body.json')
  writeFileSync(bodyFile, bytes)
  bare = await startBare(bodyFile, { 'content-type': sample.headers.get('content-type') ?? 'application/json' })
  console.log(
    `environment: node ${process.version}, ${db ? 'PostgreSQL' : 'PGlite (embedded)'}, ${cpus().length} CPUs; product at ${product.url} with its demo simulator writing`,
  )
  console.log(
    `read: GET ${args.path} (${bytes.length.toLocaleString('en-US')} bytes, display key of 江苏), ${seconds} s per run\n`,
  )
  const rows: string[][] = [
    [
      'connections',
      'API req/s',
      'API p50 ms',
      'API p99 ms',
      'bare req/s',
      'bare p50 ms',
      'bare p99 ms',
      'ratio',
      'API non-2xx/errors',
    ],
  ]
  let verdict = ''
  for (const conns of connections) {
    const floor = await load(bare.url, headers, conns)
    const api = await load(`${product.url}${args.path}`, headers, conns)
    const ratio = api.rps / floor.rps
    rows.push([
      String(conns),
      api.rps.toFixed(0),
      String(api.p50),
      String(api.p99),
      floor.rps.toFixed(0),
      String(floor.p50),
      String(floor.p99),
      ratio.toFixed(3),
      `${api.non2xx}/${api.errors}`,
    ])
    if (conns === GOAL.connections) {
      const met = ratio >= GOAL.ratio && api.p99 < GOAL.p99Ms
      verdict = `${met ? 'GOAL MET' : 'GOAL MISSED'} at ${conns} connections: ratio ${ratio.toFixed(3)} (goal ≥ ${GOAL.ratio}), API p99 ${api.p99} ms (goal < ${GOAL.p99Ms} ms${db ? '' : '; the goal is stated for PostgreSQL'})`
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c]!)).join('  '))
  if (verdict) console.log(`\n${verdict}`)
} finally {
  if (bare) await stop(bare.child)
  await stop(product.child)
  await db?.drop()
  rmSync(dataDir, { recursive: true, force: true })
}
