import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

/**
 * Submissions still unprocessed after `olderThanMs` of real time (wall clock, not the product's possibly
 * simulated one): their job was lost (Redis down, process died).
 */
export async function findStuckSubmissions(
  db: Kysely<Database>,
  realNow: Date,
  olderThanMs: number,
  limit = 500,
): Promise<string[]> {
  const rows = await db
    .selectFrom('submissions')
    .select('id')
    .where('state', 'in', ['received', 'processing'])
    .where('created_at', '<', new Date(realNow.getTime() - olderThanMs))
    .orderBy('created_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Gives up on a submission whose processing keeps failing, so it is visible rather than retried forever. */
export async function markSubmissionFailed(
  db: Kysely<Database>,
  id: string,
  message: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('submissions')
    .set({
      state: 'failed',
      last_error: message.slice(0, 2000),
      errors: JSON.stringify([
        { row: 0, column: null, code: 'processing_failed', message: '处理失败,请联系管理员(已记录错误)' },
      ]),
      processed_at: now,
    })
    .where('id', '=', id)
    .where('state', 'in', ['received', 'processing'])
    .execute()
}
