// TEMPORARY: the statements of submitValues one by one, after a processed 300-item submission.
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { processSubmission, resolveApiToken, sha256, submitValues } from '@cockpit/services'
import { sql } from 'kysely'
import { createBenchPlan } from '../src/synthetic-plan.js'
import { buildItems } from '../src/workload.js'

const h = await createDb({ kind: 'pglite', dataDir: null })
const db = h.db
await migrateToLatest(db)
await loadSeeds(db, readSeedFiles({ sourceDir: null }))
const plan = await createBenchPlan(db, 5000)
const principal = (await resolveApiToken(db, plan.token, new Date()))!
const items = (n: number) => buildItems(plan, n).map((i) => ({ indicator: i.indicator, jurisdiction: i.jurisdiction, period: i.period, value: i.value }))
const acc = await submitValues(db, principal, { items: items(Number(process.env.FIRST ?? 300)) }, { idempotencyKey: 'a' }, { enqueue: async () => {} })
if (process.env.PROCESS === 'update') await db.updateTable('submissions').set({ state: 'processed', errors: '[]', processed_at: new Date(), attempts: 1 }).where('id', '=', acc.id).execute()
else if (process.env.PROCESS === 'obs') await sql`insert into observations (indicator_id, jurisdiction_code, period_key, period_end, value, source, reported_at) select ${plan.indicatorIds[0]}, '360100', to_char(d, 'YYYY-MM'), (d + interval '1 month' - interval '1 day')::date, 50, 'api', now() from generate_series('2016-01-01'::date, '2016-01-01'::date + interval '299 months', interval '1 month') d`.execute(db)
else if (process.env.PROCESS === 'inlist') {
  const b = buildItems(plan, Number(process.env.FIRST ?? 300))
  await sql`select distinct on (indicator_id, jurisdiction_code, period_key) indicator_id, value from observations where (indicator_id, jurisdiction_code, period_key) in (${sql.join(b.map((v) => sql`(${v.indicator}::int, ${v.jurisdiction}::text, ${v.period}::text)`))}) order by indicator_id, jurisdiction_code, period_key, reported_at desc, id desc`.execute(db)
} else if (process.env.PROCESS === 'locks') {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(k.i, hashtext(k.j)) from (values ${sql.join(plan.indicatorIds.slice(0, Number(process.env.LOCKS ?? 3)).map((i) => sql`(${i}::int, '360100'::text)`))}) as k(i, j)`.execute(trx)
  })
} else if (process.env.PROCESS === 'timed') await (await import('./timed-process.js')).timedProcessSubmission(db, acc.id, { now: new Date(), asOf: '2026-11-22' })
else if (process.env.PROCESS !== '0') await processSubmission(db, acc.id, { now: new Date(), asOf: '2026-11-22' })
void acc
const body = { items: items(Number(process.env.SECOND ?? 400)) }
const step = async (name: string, fn: () => Promise<unknown>) => {
  try {
    await fn()
    console.log('ok  ', name)
  } catch (e) {
    console.log('FAIL', name, e instanceof Error ? e.message : e)
    process.exit(0)
  }
}
await step('select 1', () => sql`select 1`.execute(db))
await step('findReplay', () => db.selectFrom('submissions').select(['id']).where('idempotency_scope', '=', 'x').where('idempotency_key', '=', 'b').executeTakeFirst())
await step('insert submission (no trx)', () =>
  db.insertInto('submissions').values({ channel: 'api', department_id: plan.departmentId, user_id: null, token_id: plan.tokenId, idempotency_scope: 'x', idempotency_key: 'b', request_hash: sha256('x'), payload: JSON.stringify(body), all_or_nothing: false, item_count: body.items.length }).returning('id').executeTakeFirst(),
)
await step('insert small submission', () =>
  db.insertInto('submissions').values({ channel: 'api', department_id: plan.departmentId, user_id: null, token_id: plan.tokenId, idempotency_scope: 'x', idempotency_key: 'c', request_hash: sha256('x'), payload: JSON.stringify({ items: items(3) }), all_or_nothing: false, item_count: 3 }).returning('id').executeTakeFirst(),
)
await h.close()
