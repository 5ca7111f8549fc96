import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { type Principal, serviceContext } from '@cockpit/services/kernel'
import { processSubmission, submitValues } from '@cockpit/services/pipeline'
import { unreportedState } from '@cockpit/services/reporting'
import { drainStatusMarks } from '@cockpit/services/status'
import type { ParsePool } from '@cockpit/tabular'
import { type Kysely, sql } from 'kysely'
import { CATALOG } from './catalog.js'
import type { MeasureContext, Measurement } from './measurement.js'
import { INGEST_MONTH } from './months.js'
import { timed } from './peak-rss.js'
import { seriesValue } from './series-values.js'

/** Requests in flight, as in `bench:ingest`. */
const CONCURRENCY = 4
/** The floor writes the same rows with the same multi-row statements (14 columns: under 65,535 parameters). */
const FLOOR_ROWS_PER_STATEMENT = 4000

interface DepartmentReport {
  departmentId: number
  tokenId: number
  items: { indicator: number; jurisdiction: string; period: string; value: number }[]
}

/** Each scale department's report of the month: every series it leads, the value on its path. */
async function monthlyReports(db: Kysely<Database>): Promise<DepartmentReport[]> {
  const { rows } = await sql<{
    id: number
    key: string
    jurisdiction_code: string
    department_id: number
    token_id: number
  }>`
    select i.id, i.key, i.jurisdiction_code, l.department_id, t.id as token_id
      from indicators i
      join plans p on p.id = i.plan_id and p.key like 'scale-%'
      join indicator_departments l on l.indicator_id = i.id and l.role = 'lead'
      join api_tokens t on t.department_id = l.department_id and t.name = '规模基准测试'
     order by l.department_id, i.id`.execute(db)
  const byDept = new Map<number, DepartmentReport>()
  for (const r of rows) {
    const c = CATALOG.findIndex((x) => x.key === r.key)
    const report = byDept.get(r.department_id) ?? { departmentId: r.department_id, tokenId: r.token_id, items: [] }
    report.items.push({
      indicator: r.id,
      jurisdiction: r.jurisdiction_code,
      period: INGEST_MONTH.key,
      value: seriesValue(CATALOG[c]!, Number(r.jurisdiction_code) * 64 + c, INGEST_MONTH.year, INGEST_MONTH.month),
    })
    byDept.set(r.department_id, report)
  }
  return [...byDept.values()]
}

async function forEachConcurrent<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

/**
 * One month's reports for every series (~150,000 values at full scale) through the product's ingest path:
 * each department's batch stored as the API stores a POST (submitValues), processed by the worker's service
 * (processSubmission: checks, values, reporting stamps, status marks), then the coalesced status drain until
 * no mark waits. Floor: the same values by multi-row INSERT into the same table. Afterwards the month is
 * taken out again (values, submissions, reporting stamps, statuses), so `--reuse` measures the same thing.
 */
export async function measureIngest(
  db: Kysely<Database>,
  parsePool: ParsePool,
  ctx: MeasureContext,
): Promise<Measurement> {
  const reports = await monthlyReports(db)
  const values = reports.reduce((n, r) => n + r.items.length, 0)
  const asOf = shanghaiDate(ctx.now)
  const submissionIds: string[] = []
  // The statuses as loaded, put back afterwards: a copy is seconds where recomputing them is minutes at full scale.
  await sql`drop table if exists scale_bench_status_copy`.execute(db)
  await sql`create unlogged table scale_bench_status_copy as select * from indicator_status`.execute(db)
  ctx.progress(`ingest: ${values} values in ${reports.length} department reports`)
  const counts = { accepted: 0, unchanged: 0, rejected: 0, failed: 0 }
  const run = await timed(async () => {
    const started = performance.now()
    await forEachConcurrent(reports, CONCURRENCY, async (report) => {
      const principal: Principal = {
        kind: 'token',
        userId: null,
        tokenId: report.tokenId,
        role: 'reporter',
        departmentId: report.departmentId,
        jurisdictions: [],
        label: `token:scale-${report.departmentId}`,
      }
      const accepted = await submitValues(
        serviceContext(db, principal, ctx.now),
        { items: report.items },
        { channel: 'api' },
        { enqueue: async () => {} },
      )
      submissionIds.push(accepted.id)
      const r = await processSubmission(db, accepted.id, { now: ctx.now, asOf, readUpload: parsePool.readUpload })
      counts.accepted += r.accepted
      counts.unchanged += r.unchanged
      counts.rejected += r.rejected
      if (r.outcome === 'failed') counts.failed++
    })
    const stored = performance.now()
    let marks = 0
    for (;;) {
      const d = await drainStatusMarks(db, { asOf, now: ctx.now })
      if (d.marks === 0) break
      marks += d.marks
    }
    return { storedSeconds: (stored - started) / 1000, marks }
  })

  ctx.progress('ingest floor: the same values by multi-row INSERT')
  const floorRows = reports.flatMap((r) =>
    r.items.map((i) => ({
      indicator_id: i.indicator,
      jurisdiction_code: i.jurisdiction,
      period_key: i.period,
      period_end: INGEST_MONTH.end,
      value: i.value,
      submission_id: null,
      item_seq: null,
      source: 'api' as const,
      department_id: r.departmentId,
      user_id: null,
      token_id: r.tokenId,
      note: null,
      reason: null,
      reported_at: ctx.now,
    })),
  )
  const batches = Array.from({ length: Math.ceil(floorRows.length / FLOOR_ROWS_PER_STATEMENT) }, (_, i) =>
    floorRows.slice(i * FLOOR_ROWS_PER_STATEMENT, (i + 1) * FLOOR_ROWS_PER_STATEMENT),
  )
  const floor = await timed(() =>
    forEachConcurrent(batches, CONCURRENCY, async (b) => {
      await db.insertInto('observations').values(b).execute()
    }),
  )

  const rate = values / run.seconds
  const floorRate = values / floor.seconds
  ctx.progress(
    `ingest: ${Math.round(rate)} values/s (${run.seconds.toFixed(1)} s), floor ${Math.round(floorRate)} values/s; taking the month out again`,
  )
  await undoMonth(db, submissionIds, ctx.now)
  return {
    name: `one month's reports (${values} values)`,
    value: rate,
    unit: 'values/s',
    floor: { value: floorRate, what: 'multi-row INSERT of the same values' },
    ratio: rate / floorRate,
    goal: { text: 'within 2× the floor (ratio ≥ 0.5)', pass: rate / floorRate >= 0.5 && counts.failed === 0 },
    peakRssMb: Math.max(run.peakRssMb, floor.peakRssMb),
    details: {
      values,
      submissions: reports.length,
      seconds: run.seconds,
      storedSeconds: run.result.storedSeconds,
      floorSeconds: floor.seconds,
      marksDrained: run.result.marks,
      ...counts,
    },
  }
}

/** Back to the loaded state: the month's values, submissions and reporting stamps gone, statuses as they were. */
async function undoMonth(db: Kysely<Database>, submissionIds: string[], now: Date): Promise<void> {
  await sql`
    delete from observations o using plans p, indicators i
     where o.period_key = ${INGEST_MONTH.key} and i.id = o.indicator_id and p.id = i.plan_id and p.key like 'scale-%'`.execute(
    db,
  )
  for (let i = 0; i < submissionIds.length; i += 1000)
    await db
      .deleteFrom('submissions')
      .where('id', 'in', submissionIds.slice(i, i + 1000))
      .execute()
  const asOf = shanghaiDate(now)
  const due = await sql<{ due_date: string; next_due: string }>`
    select due_date::text, (due_date + interval '1 month')::date::text as next_due from reporting_periods
     where period_key = ${INGEST_MONTH.key} and indicator_id is not null limit 1`.execute(db)
  const d = due.rows[0]
  if (d)
    await sql`update reporting_periods set first_reported_at = null, state = ${unreportedState(asOf, d.due_date, d.next_due)}
               where period_key = ${INGEST_MONTH.key} and indicator_id is not null and first_reported_at is not null`.execute(
      db,
    )
  await db.transaction().execute(async (trx) => {
    await sql`delete from indicator_status`.execute(trx)
    await sql`insert into indicator_status select * from scale_bench_status_copy`.execute(trx)
  })
  await sql`drop table scale_bench_status_copy`.execute(db)
}
