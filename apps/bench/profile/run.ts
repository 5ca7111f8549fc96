// TEMPORARY profiling driver (not part of the bench): API ack alone, then direct processing with a
// timed copy of processSubmission, per phase, then EXPLAIN of the per-batch queries, then the floor.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp } from '@cockpit/api/app'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { serve } from '@hono/node-server'
import { sql } from 'kysely'
import { pino } from 'pino'
import { floorRows, runFloor } from '../src/floor.js'
import { forEachConcurrent } from '../src/pool.js'
import { postBatch } from '../src/post-batch.js'
import { createBenchPlan } from '../src/synthetic-plan.js'
import { buildItems, toBatches } from '../src/workload.js'
import { totals, withStopwatch } from './phases.js'
import { timedProcessSubmission } from './timed-process.js'

const N = Number(process.env.N ?? 100000)
const BATCH = Number(process.env.BATCH ?? 1000)
const CONC = Number(process.env.CONC ?? 4)
const WCONC = Number(process.env.WCONC ?? 4)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_${randomBytes(5).toString('hex')}`
const setup = await createDb({ kind: 'postgres', url, schema, poolMax: 6 })
const apiH = await createDb({ kind: 'postgres', url, schema, poolMax: 6 })
const wH = await createDb({ kind: 'postgres', url, schema, poolMax: 6 })
try {
  const db = setup.db
  await migrateToLatest(db)
  await loadSeeds(db, readSeedFiles({ sourceDir: null }))
  const plan = await createBenchPlan(db, N)
  const items = buildItems(plan, N, process.env.ORDER === 'period' ? 'period' : 'series')
  const batches = toBatches(items, BATCH, process.env.UNALIGNED ? false : true)
  const logger = pino({ level: 'warn' })
  const now = () => new Date()
  const app = createApp({ db: apiH.db, dbKind: 'postgres', logger, now, version: 'p', secureCookies: false, enqueueIngest: async () => {} })
  const server = await new Promise<ReturnType<typeof serve>>((r) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => r(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const ids: string[] = []
  let t0 = performance.now()
  await forEachConcurrent(batches, CONC, async (b, i) => {
    ids[i] = (await postBatch(base, plan.token, b, `p-${i}`)).id
  })
  const ack = (performance.now() - t0) / 1000
  server.close()
  console.log(`API only (no workers): ${ack.toFixed(2)} s, ${Math.round(N / ack)} values/s`)

  const asOf = now().toISOString().slice(0, 10)
  t0 = performance.now()
  let explained = false
  await forEachConcurrent(ids, WCONC, async (id, i) => {
    await withStopwatch(() => timedProcessSubmission(wH.db, id, { now: now(), asOf }))
    if (!explained && i >= ids.length / 2) {
      explained = true
    }
  })
  const proc = (performance.now() - t0) / 1000
  console.log(`processing only, direct (no queue), concurrency ${WCONC}: ${proc.toFixed(2)} s, ${Math.round(N / proc)} values/s`)
  const sum = [...totals.values()].reduce((a, b) => a + b, 0)
  for (const [k, v] of totals) console.log(`  ${k.padEnd(45)} ${(v / 1000).toFixed(2).padStart(7)} s  ${((100 * v) / sum).toFixed(1).padStart(5)}%`)
  console.log(`  (sum of per-job wall time ${(sum / 1000).toFixed(2)} s over ${WCONC} lanes)`)

  // EXPLAIN the per-batch lookups against a full table, on the last batch's keys.
  const last = batches[batches.length - 1]!
  const tuples = sql.join(last.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text, ${v.period}::text)`))
  const ex = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, value
      from observations where (indicator_id, jurisdiction_code, period_key) in (${tuples})
      order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
  console.log('EXPLAIN currentValues (last batch):\n' + ex.rows.map((r) => '  ' + r['QUERY PLAN']).join('\n'))
  const pairs = [...new Map(last.map((v) => [`${v.indicator}|${v.jurisdiction}`, v])).values()]
  const pt = sql.join(pairs.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text)`))
  const ex2 = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, period_end, value
    from observations where (indicator_id, jurisdiction_code) in (${pt})
    order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
  console.log('EXPLAIN currentObservations (last batch pairs):\n' + ex2.rows.map((r) => '  ' + r['QUERY PLAN']).join('\n'))
  const sizes = await sql<{ t: string; s: string }>`select relname as t, pg_size_pretty(pg_total_relation_size(oid)) as s from pg_class where relnamespace = ${schema}::regnamespace and relname in ('submissions','observations','audit_log','indicator_status','reporting_periods')`.execute(db)
  console.log('sizes: ' + sizes.rows.map((r) => `${r.t}=${r.s}`).join(', '))

  const rows = floorRows(batches, { departmentId: plan.departmentId, tokenId: plan.tokenId, submissionIds: ids, reportedAt: now() })
  const f = await runFloor(db, rows, CONC)
  console.log(`floor: ${f.seconds.toFixed(2)} s, ${Math.round(N / f.seconds)} values/s`)
} finally {
  await apiH.close()
  await wH.close()
  await setup.close({ dropSchema: true })
}
