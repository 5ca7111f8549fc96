import type { ChangeEvent } from '@cockpit/contracts'
import type { Database, SubmissionErrorItem, SubmissionRow } from '@cockpit/db'
import { TASK_SHEET_NAME } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../../kernel/context.js'
import type { Principal } from '../../kernel/principal.js'
import { ServiceError } from '../../kernel/errors.js'
import { reportTaskProgress } from '../../tasks/report-progress.js'
import { taskColumns, uploadRowKey, type ValidTaskRow } from './check-task-rows.js'

export interface ReportedTaskRows {
  /** Rows stored as progress reports (a replay of this submission's own earlier attempt included). */
  accepted: number
  /** Rows the progress service refused at write time (the task changed since the check). */
  errors: SubmissionErrorItem[]
  changes: ChangeEvent[]
}

/**
 * The department that sent a stored upload, as the progress service knows a caller: its reports are
 * audited to the person or token who uploaded, and judged on time by when the file was received.
 */
async function submitter(db: Kysely<Database>, sub: SubmissionRow): Promise<Principal> {
  const label =
    sub.token_id !== null
      ? `token:${(await db.selectFrom('api_tokens').select('token_prefix').where('id', '=', sub.token_id).executeTakeFirst())?.token_prefix ?? sub.token_id}…`
      : `user:${
          (
            await db
              .selectFrom('users')
              .select('username')
              .where('id', '=', sub.user_id ?? 0)
              .executeTakeFirst()
          )?.username ?? sub.user_id
        }`
  return {
    kind: sub.token_id !== null ? 'token' : 'user',
    userId: sub.user_id,
    tokenId: sub.token_id,
    role: 'reporter',
    departmentId: sub.department_id,
    jurisdictions: [],
    label,
  }
}

/**
 * Turns the checked 任务进展 rows of a stored upload into progress reports through the progress
 * service, one row at a time under the key of (submission, row): a retried commit replays what an
 * earlier attempt stored and never adds a second revision.
 */
export async function reportTaskRows(
  db: Kysely<Database>,
  sub: SubmissionRow,
  rows: ValidTaskRow[],
  ctx: { asOf: string },
): Promise<ReportedTaskRows> {
  const out: ReportedTaskRows = { accepted: 0, errors: [], changes: [] }
  if (rows.length === 0) return out
  // The upload's submitter acts, at the time the file was received, judged for the commit's day.
  const asSubmitter: ServiceContext = {
    db,
    principal: await submitter(db, sub),
    now: sub.received_at,
    asOf: ctx.asOf,
    requestId: null,
  }
  for (const v of rows) {
    try {
      const { changes } = await reportTaskProgress(asSubmitter, v.taskId, v.body, {
        idempotencyKey: uploadRowKey(sub.id, v.row),
      })
      out.accepted++
      out.changes.push(...changes)
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      out.errors.push({
        row: v.row,
        column: taskColumns.task,
        code: err.code === 'forbidden' ? 'not_linked' : 'refused',
        message: err.message,
        sheet: TASK_SHEET_NAME,
      })
    }
  }
  return out
}
