// TEMPORARY: the per-batch "value in force" lookup, three ways, on a filled observations table.
import { randomBytes } from 'node:crypto'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { sql } from 'kysely'
import { floorRows, runFloor } from '../src/floor.js'
import { createBenchPlan } from '../src/synthetic-plan.js'
import { buildItems, toBatches } from '../src/workload.js'

const url = 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_${randomBytes(5).toString('hex')}`
const h = await createDb({ kind: 'postgres', url, schema, poolMax: 2 })
try {
  const db = h.db
  await migrateToLatest(db)
  await loadSeeds(db, readSeedFiles({ sourceDir: null }))
  const plan = await createBenchPlan(db, 100000)
  const batches = toBatches(buildItems(plan, 100000), 1000, true)
  const time = async (label: string, fn: () => Promise<unknown>, reps = 10) => {
    await fn()
    const t = performance.now()
    for (let i = 0; i < reps; i++) await fn()
    console.log(`${label.padEnd(60)} ${((performance.now() - t) / reps).toFixed(2)} ms`)
  }
  for (const state of ['empty', 'filled']) {
    if (state === 'filled') {
      await runFloor(db, floorRows(batches, { departmentId: plan.departmentId, tokenId: plan.tokenId, submissionIds: [], reportedAt: new Date() }), 4)
      await sql`analyze observations`.execute(db)
    }
    if (state === 'filled') {
      const all = batches.slice(40, 50).flat()
      for (const n of [120, 240, 480, 960, 1920]) {
        const part = all.slice(0, n)
        const tp = sql.join(part.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text, ${v.period}::text)`))
        const ex = await sql<{ 'QUERY PLAN': string }>`explain (analyze, summary) select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, value from observations where (indicator_id, jurisdiction_code, period_key) in (${tp}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
        console.log(`   IN list of ${n}: ` + ex.rows.map((r) => r['QUERY PLAN']).filter((l) => /Planning Time|Execution Time/.test(l)).join(', '))
      }
    }
    if (state === 'filled') {
      const allPairs = plan.jurisdictions.flatMap((j) => plan.indicatorIds.map((i) => ({ i, j })))
      for (const n of [8, 100, 400, 850]) {
        const ps = allPairs.slice(0, n)
        const ex = await sql<{ 'QUERY PLAN': string }>`explain (analyze, summary) select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, period_end, value from observations where (indicator_id, jurisdiction_code) in (${sql.join(ps.map((p) => sql`(${p.i}::int, ${p.j}::text)`))}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
        console.log(`   currentObservations IN list of ${n} pairs: ` + ex.rows.map((r) => r['QUERY PLAN']).filter((l) => /Planning Time|Execution Time/.test(l)).join(', '))
        const ex2 = await sql<{ 'QUERY PLAN': string }>`explain (analyze, summary) select distinct on (o.indicator_id, o.jurisdiction_code, o.period_key) o.indicator_id, o.jurisdiction_code, o.period_key, o.period_end, o.value from unnest(${ps.map((p) => p.i)}::int[], ${ps.map((p) => p.j)}::text[]) as k(i, j) cross join lateral (select * from observations o where o.indicator_id = k.i and o.jurisdiction_code = k.j) o order by o.indicator_id, o.jurisdiction_code, o.period_key, o.reported_at desc, o.id desc`.execute(db)
        console.log(`   same via unnest + lateral (${n} pairs):  ` + ex2.rows.map((r) => r['QUERY PLAN']).filter((l) => /Planning Time|Execution Time/.test(l)).join(', '))
      }
    }
    const b = batches[50]!
    const tuples = sql.join(b.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text, ${v.period}::text)`))
    await time(`[${state}] row IN list of ${b.length} triples (today)`, () => sql`select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, value from observations where (indicator_id, jurisdiction_code, period_key) in (${tuples}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db))
    await time(`[${state}] join unnest(int[], text[], text[])`, () => sql`select distinct on (o.indicator_id, o.jurisdiction_code, o.period_key) o.indicator_id, o.jurisdiction_code, o.period_key, o.value from unnest(${b.map((v) => v.indicator)}::int[], ${b.map((v) => v.jurisdiction)}::text[], ${b.map((v) => v.period)}::text[]) as k(i, j, p) join observations o on o.indicator_id = k.i and o.jurisdiction_code = k.j and o.period_key = k.p order by o.indicator_id, o.jurisdiction_code, o.period_key, o.reported_at desc, o.id desc`.execute(db))
    const pairs = [...new Map(b.map((v) => [`${v.indicator}|${v.jurisdiction}`, v])).values()]
    await time(`[${state}] by ${pairs.length} (indicator, jurisdiction) pairs, filter in JS`, () => sql`select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, value from observations where (indicator_id, jurisdiction_code) in (${sql.join(pairs.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text)`))}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db))
    const ex = await sql<{ 'QUERY PLAN': string }>`explain (analyze, summary) select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, jurisdiction_code, period_key, value from observations where (indicator_id, jurisdiction_code, period_key) in (${tuples}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
    console.log('   ' + ex.rows.map((r) => r['QUERY PLAN']).filter((l) => /Planning Time|Execution Time|^\S|Seq Scan|BitmapOr|Index Scan on/.test(l.trim()) && l.length < 200).slice(0, 8).join('\n   '))
  }
} finally {
  await h.close({ dropSchema: true })
}
