import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'

export interface SubmissionCounts {
  total: number
  processed: number
  failed: number
  accepted: number
  unchanged: number
  rejected: number
}

/** One cheap aggregate over the submissions table: the bench's view of the pipeline's progress. */
export async function submissionCounts(db: Kysely<Database>): Promise<SubmissionCounts> {
  const r = await db
    .selectFrom('submissions')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where state = 'processed'))::int`.as('processed'),
      sql<number>`(count(*) filter (where state = 'failed'))::int`.as('failed'),
      sql<number>`coalesce(sum(accepted_count), 0)::int`.as('accepted'),
      sql<number>`coalesce(sum(unchanged_count), 0)::int`.as('unchanged'),
      sql<number>`coalesce(sum(rejected_count), 0)::int`.as('rejected'),
    ])
    .executeTakeFirstOrThrow()
  return r
}

export async function observationCount(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('observations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return r.n
}

/** The first few row errors and processing errors, to print when the counts are off. */
export async function submissionProblems(db: Kysely<Database>, limit = 10): Promise<string[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(['id', 'state', 'errors', 'last_error', 'rejected_count'])
    .where((eb) => eb.or([eb('state', '<>', 'processed'), eb('rejected_count', '>', 0)]))
    .limit(limit)
    .execute()
  return rows.map(
    (r) =>
      `${r.id} ${r.state} rejected=${r.rejected_count} ${r.last_error ?? ''} ${JSON.stringify(r.errors).slice(0, 300)}`,
  )
}

/**
 * Polls until every submission is processed or failed; `stallMs` without any progress means the
 * pipeline is stuck (e.g. no worker), which the bench reports instead of hanging.
 */
export async function waitUntilSettled(
  db: Kysely<Database>,
  expected: number,
  opts: { pollMs: number; stallMs: number },
): Promise<SubmissionCounts> {
  let last = -1
  let lastProgress = Date.now()
  for (;;) {
    const c = await submissionCounts(db)
    const settled = c.processed + c.failed
    if (settled >= expected) return c
    if (settled !== last) {
      last = settled
      lastProgress = Date.now()
    } else if (Date.now() - lastProgress > opts.stallMs) {
      throw new Error(
        `pipeline stalled: ${settled}/${expected} submissions settled, none in the last ${opts.stallMs} ms`,
      )
    }
    await new Promise((r) => setTimeout(r, opts.pollMs))
  }
}
