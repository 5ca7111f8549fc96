import type { ChangeEvent } from '@cockpit/contracts'
import type { Database, SubmissionErrorItem, SubmissionRow } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { parsePeriod } from '@cockpit/domain'
import type { UploadReader } from '@cockpit/tabular'
import { importedReportTime, markReported, reportDueDate, type ReportingRule } from '../../reporting/index.js'
import { checkItems } from './check-items.js'
import { checkTaskRows } from './check-task-rows.js'
import { itemsFromFile, itemsFromPayload, type RawItemsResult } from './raw-items.js'
import { markStatuses } from '../../status/marks.js'
import { reportTaskRows } from './report-task-rows.js'
import type { ValidItem } from './validate-items.js'

export interface ProcessResult {
  outcome: 'processed' | 'failed' | 'skipped'
  accepted: number
  unchanged: number
  rejected: number
  /** Published after commit: the submission's own state and its task reports (statuses follow from the drain). */
  changes: ChangeEvent[]
  /** Pairs marked for the coalesced status recompute: the caller asks for a drain after commit. */
  marked: number
}

const INSERT_CHUNK = 5000

/**
 * Turns one stored submission into observation revisions and progress reports, and marks the pairs whose
 * values in force changed for the coalesced status recompute (`drainStatusMarks`: roll-ups, statuses,
 * their events and alert evaluation follow there, once per pair however many submissions report it).
 * Idempotent: a processed submission is skipped, observations are keyed by (submission, item) and
 * progress reports by the Idempotency-Key (submission, row), so a retry or a second worker can never
 * count a value or a report twice.
 *
 * The 任务进展 rows of an upload go first, each through the progress service (its own transaction, its
 * audit, its live event); then one transaction stores the values and marks the submission processed
 * with the counts of both. A crash in between leaves the submission unprocessed: the retry replays the
 * stored reports and goes on.
 */
export async function processSubmission(
  db: Kysely<Database>,
  submissionId: string,
  ctx: { now: Date; asOf: string; readUpload: UploadReader },
): Promise<ProcessResult> {
  const pre = await db.selectFrom('submissions').selectAll().where('id', '=', submissionId).executeTakeFirst()
  if (!pre || pre.state === 'processed' || pre.state === 'failed') return skipped()
  const raw = pre.file
    ? await itemsFromFile(pre.file, pre.file_name ?? 'upload', ctx.readUpload)
    : itemsFromPayload(pre.payload)
  const tasks = raw.ok ? await taskRowsOf(db, pre, raw, ctx.asOf) : null

  return db.transaction().execute(async (trx) => {
    // The content was read above (a submission's content never changes); the lock guards its state.
    const sub = await trx
      .selectFrom('submissions')
      .select([
        'id',
        'state',
        'attempts',
        'channel',
        'department_id',
        'user_id',
        'token_id',
        'received_at',
        'all_or_nothing',
        'revision',
      ])
      .where('id', '=', submissionId)
      .forUpdate()
      .executeTakeFirst()
    if (!sub || sub.state === 'processed' || sub.state === 'failed') return skipped()

    if (!raw.ok) {
      const errors: SubmissionErrorItem[] = [{ row: 0, column: null, code: 'unreadable', message: raw.message }]
      await trx
        .updateTable('submissions')
        .set({
          state: 'failed',
          errors: JSON.stringify(errors),
          processed_at: ctx.now,
          attempts: sub.attempts + 1,
          last_error: raw.message,
        })
        .where('id', '=', sub.id)
        .execute()
      return {
        outcome: 'failed',
        accepted: 0,
        unchanged: 0,
        rejected: 0,
        marked: 0,
        changes: [submissionEvent(sub.id, sub.department_id, 'failed', 0, 0, ctx.now)],
      }
    }

    const { indicators, reportingRules, toWrite, unchanged, errors } = await checkItems(trx, raw.items, {
      departmentId: sub.department_id,
      asOf: ctx.asOf,
      fromFile: Boolean(pre.file),
      allOrNothing: sub.all_or_nothing,
      otherErrors: tasks?.errors ?? [],
      historyOnly: sub.channel === 'import',
    })
    const reviewed = new Set([...indicators.values()].filter((i) => i.requiresReview).map((i) => i.id))
    const needsReview = (v: ValidItem) => reviewed.has(v.indicatorId)
    const reportedAt = reportedAtOf(sub.channel === 'import', sub.received_at, reportingRules)

    // Column arrays through unnest: a dozen parameters a statement instead of seventeen a row, so a large
    // submission is not spent building, sending and parsing a VALUES list of thousands of placeholders.
    for (let i = 0; i < toWrite.length; i += INSERT_CHUNK) {
      const part = toWrite.slice(i, i + INSERT_CHUNK)
      const col = <T>(f: (v: ValidItem) => T) => part.map(f)
      await sql`
        insert into observations (indicator_id, jurisdiction_code, period_key, period_end, value, item_seq, note, reason,
          evidence_id, reported_at, review_state, submission_id, source, department_id, user_id, token_id, revision)
        select r.*, ${sub.id}::uuid, ${sub.channel}::text, ${sub.department_id}::int, ${sub.user_id}::int,
          ${sub.token_id}::int, ${sub.revision}::bigint
        from unnest(
          ${col((v) => v.indicatorId)}::int[], ${col((v) => v.jurisdictionCode)}::text[], ${col((v) => v.periodKey)}::text[],
          ${col((v) => v.periodEnd)}::date[], ${col((v) => v.value)}::float8[], ${col((v) => v.row)}::int[],
          ${col((v) => v.note)}::text[], ${col((v) => v.reason)}::text[], ${col((v) => v.evidenceId)}::uuid[],
          ${col((v) => reportedAt(v).toISOString())}::timestamptz[],
          ${col((v) => (needsReview(v) ? 'pending' : 'none'))}::text[]
        ) as r
        -- Order of receipt (the submission's revision) decides which revision counts: a retried or late job never
        -- outranks a newer value; a retried job's rows are already there.
        on conflict (submission_id, item_seq) do nothing`.execute(trx)
    }
    // A value waiting for review is not a report yet and changes no status: approval does both.
    const counted = toWrite.filter((v) => !needsReview(v))
    await markReported(
      trx,
      counted.map((v) => ({ ...v, reportedAt: reportedAt(v) })),
      reportingRules,
      sub.received_at,
    )

    const itemCount = raw.items.length + raw.tasks.length
    const accepted = toWrite.length + (tasks?.accepted ?? 0)
    const unchangedCount = unchanged + (tasks?.unchanged ?? 0)
    const rejected = itemCount - accepted - unchangedCount
    await trx
      .updateTable('submissions')
      .set({
        state: 'processed',
        item_count: itemCount,
        accepted_count: accepted,
        unchanged_count: unchangedCount,
        rejected_count: rejected,
        errors: JSON.stringify(errors),
        processed_at: ctx.now,
        attempts: sub.attempts + 1,
        last_error: null,
      })
      .where('id', '=', sub.id)
      .execute()

    // No status lock here: batches of the same month commit side by side, and the drain derives the
    // parents' roll-ups and recomputes each marked pair once. The mark commits with the values.
    const marked = await markStatuses(
      trx,
      counted.map((v) => ({
        indicatorId: v.indicatorId,
        jurisdictionCode: v.jurisdictionCode,
        periodKey: v.periodKey,
      })),
      sub.id,
    )
    return {
      outcome: 'processed',
      accepted,
      unchanged: unchangedCount,
      rejected,
      marked,
      changes: [
        ...(tasks?.changes ?? []),
        submissionEvent(sub.id, sub.department_id, 'processed', accepted, rejected, ctx.now),
      ],
    }
  })
}

const skipped = (): ProcessResult => ({
  outcome: 'skipped',
  accepted: 0,
  unchanged: 0,
  rejected: 0,
  marked: 0,
  changes: [],
})

/**
 * The 任务进展 rows: checked (`checkTaskRows`, as the preview does), then reported unless
 * all-or-nothing refuses the file (an error in either sheet). Runs before the values' transaction,
 * on `db`: the progress service opens transactions of its own.
 */
async function taskRowsOf(
  db: Kysely<Database>,
  sub: SubmissionRow,
  raw: Extract<RawItemsResult, { ok: true }>,
  asOf: string,
) {
  if (raw.tasks.length === 0 && raw.taskSheetErrors.length === 0) return null
  const checked = await checkTaskRows(db, raw.tasks, { departmentId: sub.department_id, asOf, submissionId: sub.id })
  const errors = [...raw.taskSheetErrors, ...checked.errors]
  const refused =
    sub.all_or_nothing &&
    (errors.length > 0 ||
      (await checkItems(db, raw.items, { departmentId: sub.department_id, asOf, fromFile: true, allOrNothing: false }))
        .errors.length > 0)
  if (refused) return { accepted: 0, unchanged: 0, errors, changes: [] as ChangeEvent[] }
  const reported = await reportTaskRows(db, sub, checked.toWrite, { asOf })
  return {
    accepted: reported.accepted,
    unchanged: checked.unchanged,
    errors: [...errors, ...reported.errors],
    changes: reported.changes,
  }
}

/**
 * When a written value counts as reported: at the submission's receipt, except for a history import
 * (channel 'import'), whose values count at their period's due date (importedReportTime), on time.
 */
function reportedAtOf(imported: boolean, receivedAt: Date, rules: Map<number, ReportingRule>): (v: ValidItem) => Date {
  if (!imported) return () => receivedAt
  return (v) => {
    const period = parsePeriod(v.periodKey)
    return period
      ? importedReportTime(reportDueDate(period, rules.get(v.indicatorId)?.graceDays), receivedAt)
      : receivedAt
  }
}

function submissionEvent(
  id: string,
  departmentId: number | null,
  state: 'processed' | 'failed',
  accepted: number,
  rejected: number,
  now: Date,
): ChangeEvent {
  return {
    type: 'submission',
    submissionId: id,
    departmentId,
    state,
    acceptedCount: accepted,
    rejectedCount: rejected,
    at: now.toISOString(),
  }
}
