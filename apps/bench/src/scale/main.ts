import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { type DbHandle, migrateToLatest } from '@cockpit/db'
import { createParsePool } from '@cockpit/tabular'
import { sql } from 'kysely'
import { pino } from 'pino'
import { type BuildResult, buildDataSet } from './build.js'
import { measureIngest } from './measure-ingest.js'
import { measureAlerts, measureBulletin, measureRecompute, measureSize } from './measure-jobs.js'
import { measureHistory, measureReads } from './measure-reads.js'
import type { MeasureContext, Measurement } from './measurement.js'
import { parseScaleOptions, type ScaleOptions, USAGE } from './options.js'
import {
  DATA_VERSION,
  databaseUrl,
  dropDatabase,
  ensureDatabase,
  openScaleDb,
  readMeta,
  type ScaleMeta,
} from './scale-db.js'
import { explainTop, SlowestQuery } from './slowest-query.js'
import { formatSummary } from './summary.js'
import { optionsOrExit } from '../options-or-exit.js'

// `npm run bench:scale`: builds (or with --reuse keeps) the national data set in a database of its own and
// measures it. A measurement: it exits 0 whether the goals are met or not; only a broken setup exits 1.
const options = optionsOrExit(parseScaleOptions, USAGE)
const progress = (msg: string) => console.error(`… ${msg}`)
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))

/** The data set at the asked scale: the one in the database when --reuse finds it current, else a fresh build. */
async function dataSet(o: ScaleOptions): Promise<{ handle: DbHandle; meta: ScaleMeta; build: BuildResult | null }> {
  const url = databaseUrl(o.serverUrl, o.database)
  if (o.reuse && !(await ensureDatabase(o.serverUrl, o.database))) {
    const handle = await openScaleDb(url)
    const meta = await readMeta(handle)
    if (meta && meta.scale === o.scale && meta.dataVersion === DATA_VERSION) {
      progress(`reusing the data set built ${meta.builtAt.toISOString()} (scale ${meta.scale})`)
      // The data stays; the schema follows the product (a newer migration's indexes are measured too).
      await migrateToLatest(handle.db)
      return { handle, meta, build: null }
    }
    progress(
      meta
        ? `the data set in ${o.database} is scale ${meta.scale}, data version ${meta.dataVersion}: rebuilding`
        : `no finished data set in ${o.database}: building`,
    )
    await handle.close()
  }
  await dropDatabase(o.serverUrl, o.database)
  await ensureDatabase(o.serverUrl, o.database)
  const handle = await openScaleDb(url)
  progress(`building the data set at scale ${o.scale} in ${o.database}`)
  const build = await buildDataSet(handle, url, o.scale, progress)
  return { handle, meta: build.meta, build }
}

async function run(o: ScaleOptions) {
  const { handle, meta, build } = await dataSet(o)
  const parsePool = createParsePool({ threads: 1 })
  const ctx: MeasureContext = { now: meta.now, requests: o.requests, redisUrl: o.redisUrl, progress }
  const tracer = new SlowestQuery()
  const db = o.explain ? handle.db.withPlugin(tracer) : handle.db
  let slowest: { measurement: string; seconds: number; query: SlowestQuery['slowest'] } | null = null
  const results: Measurement[] = []
  const failures: { measurement: string; error: string }[] = []
  const steps: Record<(typeof o.only)[number], () => Promise<Measurement | Measurement[]>> = {
    reads: () => measureReads({ db, parsePool, logger }, ctx),
    history: () => measureHistory({ db, parsePool, logger }, ctx),
    ingest: () => measureIngest(db, parsePool, ctx),
    recompute: () => measureRecompute(db, logger, ctx),
    alerts: () => measureAlerts(db, ctx),
    bulletin: () => measureBulletin(db, ctx),
    size: () => measureSize(db),
  }
  try {
    for (const name of o.only) {
      progress(`measuring ${name}`)
      try {
        tracer.reset()
        const started = performance.now()
        const r = await steps[name]()
        const seconds = (performance.now() - started) / 1000
        if (!slowest || seconds > slowest.seconds) slowest = { measurement: name, seconds, query: tracer.slowest }
        const list = Array.isArray(r) ? r : [r]
        results.push(...list)
        // Each figure as soon as it is known: a long run stopped half-way still leaves the ones it got.
        for (const m of list) progress(formatSummary([m]).split('\n')[1]!.trim())
      } catch (e) {
        // One broken measurement must not cost the others (the load alone can take a quarter of an hour).
        failures.push({ measurement: name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
        progress(`${name} failed: ${e instanceof Error ? e.message : e}`)
      }
    }
    const pg = await sql<{ v: string }>`select version() as v`.execute(db)
    const environment = {
      node: process.version,
      postgres: pg.rows[0]?.v.split(' on ')[0] ?? 'PostgreSQL',
      cpus: availableParallelism(),
    }
    console.log(`environment: node ${environment.node}, ${environment.postgres}, ${environment.cpus} CPUs`)
    console.log(
      `data set (${o.database}): scale ${meta.scale}, ${meta.jurisdictions} jurisdictions, ${meta.series} series, ${meta.observations.toLocaleString('en-US')} observations loaded; product clock ${meta.now.toISOString()}; ${build ? `built in ${meta.loadSeconds.toFixed(0)} s` : `reused (built in ${meta.loadSeconds.toFixed(0)} s)`}`,
    )
    if (build) console.log(`load steps: ${build.steps.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join('; ')}`)
    console.log('')
    console.log(formatSummary(results))
    console.log('')
    for (const m of results) console.log(`${m.name}: ${JSON.stringify(m.details)}`)
    for (const f of failures) console.log(`FAILED ${f.measurement}: ${f.error}`)
    let explained: string[] = []
    if (o.explain && slowest?.query) {
      explained = await explainTop(handle.db, slowest.query.node)
      console.log(
        `\nslowest measurement: ${slowest.measurement} (${slowest.seconds.toFixed(1)} s); its slowest statement took ${slowest.query.ms.toFixed(0)} ms:`,
      )
      for (const line of explained) console.log(`  ${line}`)
    }
    console.log(`peak RSS of the bench process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
    const dir = fileURLToPath(new URL('../../../../.bench/', import.meta.url))
    mkdirSync(dir, { recursive: true })
    const file = `${dir}scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
    writeFileSync(
      file,
      `${JSON.stringify({ environment, options: o, meta, build, results, failures, explained }, null, 2)}\n`,
    )
    console.log(`written: ${file}`)
  } finally {
    await parsePool.close()
    await handle.close()
  }
}

try {
  await run(options)
  process.exit(0)
} catch (e) {
  console.error('bench failed:', e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
}
