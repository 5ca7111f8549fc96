// TEMPORARY: which statement of a 500-item POST breaks PGlite.
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { processSubmission, submitValues, resolveApiToken } from '@cockpit/services'
import { sql } from 'kysely'
import { createBenchPlan } from '../src/synthetic-plan.js'
import { buildItems } from '../src/workload.js'

const h = await createDb({ kind: 'pglite', dataDir: null })
await migrateToLatest(h.db)
await loadSeeds(h.db, readSeedFiles({ sourceDir: null }))
const plan = await createBenchPlan(h.db, 5000)
const principal = (await resolveApiToken(h.db, plan.token, new Date()))!
for (const n of (process.env.SIZES ?? '100,200,300,400,500').split(',').map(Number)) {
  const items = buildItems(plan, n).map((i) => ({ indicator: i.indicator, jurisdiction: i.jurisdiction, period: i.period, value: i.value }))
  try {
    await sql`select 1`.execute(h.db)
    const payload = JSON.stringify({ items })
    await sql`select ${payload}::jsonb`.execute(h.db)
    console.log(n, 'jsonb select ok', payload.length)
    const acc = await submitValues(h.db, principal, { items }, { idempotencyKey: `k${n}` }, { enqueue: async () => {} })
    console.log(n, 'submitValues ok')
    const r = await processSubmission(h.db, acc.id, { now: new Date(), asOf: '2026-11-22' })
    console.log(n, 'processSubmission', r.outcome, r.accepted)
    await sql`select 1`.execute(h.db)
    console.log(n, 'select 1 after processing ok')
  } catch (e) {
    console.log(n, 'FAILED', e instanceof Error ? e.message : e)
    break
  }
}
await h.close()
