import type { Database } from '@cockpit/db'
import { type Insertable, type Kysely, sql } from 'kysely'
import { forEachConcurrent } from './pool.js'
import type { BenchItem } from './workload.js'

type ObservationInsert = Insertable<Database['observations']>

/** PostgreSQL's wire protocol carries at most 65535 parameters per statement. */
const MAX_PARAMETERS = 65_535

export interface FloorContext {
  departmentId: number
  tokenId: number
  /** The pipeline's submission of each batch: the floor writes the very rows the worker wrote. */
  submissionIds: string[]
  reportedAt: Date
}

/** The rows processSubmission writes for these batches, column for column. */
export function floorRows(batches: BenchItem[][], ctx: FloorContext): ObservationInsert[][] {
  return batches.map((batch, b) =>
    batch.map((v, n) => ({
      indicator_id: v.indicator,
      jurisdiction_code: v.jurisdiction,
      period_key: v.period,
      period_end: v.periodEnd,
      value: v.value,
      submission_id: ctx.submissionIds[b] ?? null,
      item_seq: n + 1,
      source: 'api' as const,
      department_id: ctx.departmentId,
      user_id: null,
      token_id: ctx.tokenId,
      note: null,
      reason: null,
      reported_at: ctx.reportedAt,
    })),
  )
}

/**
 * The floor: the same rows straight into an emptied `observations` (same indexes, same foreign keys),
 * one multi-row INSERT per batch, `concurrency` at once. Nothing the product does per value can be
 * cheaper than this, so pipeline ÷ floor is the share of the database's write rate the product keeps.
 */
export async function runFloor(
  db: Kysely<Database>,
  rows: ObservationInsert[][],
  concurrency: number,
): Promise<{ seconds: number; nodeCpuSeconds: number }> {
  // Rolled-up values' provenance points at observations: emptied with them.
  await sql`truncate observations, rollup_provenance`.execute(db)
  const cpu = process.cpuUsage()
  const started = performance.now()
  await forEachConcurrent(rows, concurrency, async (batch) => {
    // Batches above ~4600 rows (14 columns) exceed the parameter limit and go in as several statements.
    const perStatement = Math.floor(MAX_PARAMETERS / Object.keys(batch[0] ?? { x: 1 }).length)
    for (let i = 0; i < batch.length; i += perStatement)
      await db
        .insertInto('observations')
        .values(batch.slice(i, i + perStatement))
        .execute()
  })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  return { seconds, nodeCpuSeconds: (used.user + used.system) / 1e6 }
}
