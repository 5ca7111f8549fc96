import type { ChangeEvent } from '@cockpit/contracts'
import type { Database, SubmissionErrorItem } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { recomputeStatuses } from '../status/recompute.js'
import { markReported } from '../reporting/index.js'
import { checkItems } from './check-items.js'
import { itemsFromFile, itemsFromPayload } from './raw-items.js'
import type { ValidItem } from './validate-items.js'

export interface ProcessResult {
  outcome: 'processed' | 'failed' | 'skipped'
  accepted: number
  unchanged: number
  rejected: number
  /** Published after commit: status changes and the submission's own state. */
  changes: ChangeEvent[]
}

const INSERT_CHUNK = 1000

/**
 * Turns one stored submission into observation revisions and fresh statuses, in one transaction.
 * Idempotent: the submission row is locked first and a processed one is skipped, and observations are
 * keyed by (submission, item), so a retry or a second worker can never count a value twice.
 */
export async function processSubmission(
  db: Kysely<Database>,
  submissionId: string,
  ctx: { now: Date; asOf: string },
): Promise<ProcessResult> {
  return db.transaction().execute(async (trx) => {
    const sub = await trx.selectFrom('submissions').selectAll().where('id', '=', submissionId).forUpdate().executeTakeFirst()
    if (!sub || sub.state === 'processed' || sub.state === 'failed') return { outcome: 'skipped', accepted: 0, unchanged: 0, rejected: 0, changes: [] }

    const raw = sub.file ? await itemsFromFile(sub.file, sub.file_name ?? 'upload') : itemsFromPayload(sub.payload)
    if (!raw.ok) {
      const errors: SubmissionErrorItem[] = [{ row: 0, column: null, code: 'unreadable', message: raw.message }]
      await trx
        .updateTable('submissions')
        .set({ state: 'failed', errors: JSON.stringify(errors), processed_at: ctx.now, attempts: sub.attempts + 1, last_error: raw.message })
        .where('id', '=', sub.id)
        .execute()
      return { outcome: 'failed', accepted: 0, unchanged: 0, rejected: 0, changes: [submissionEvent(sub.id, sub.department_id, 'failed', 0, 0, ctx.now)] }
    }

    const { indicators, reportingRules, toWrite, unchanged, errors } = await checkItems(trx, raw.items, {
      departmentId: sub.department_id,
      asOf: ctx.asOf,
      fromFile: Boolean(sub.file),
      allOrNothing: sub.all_or_nothing,
    })
    const reviewed = new Set([...indicators.values()].filter((i) => i.requiresReview).map((i) => i.id))
    const needsReview = (v: ValidItem) => reviewed.has(v.indicatorId)

    for (let i = 0; i < toWrite.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('observations')
        .values(
          toWrite.slice(i, i + INSERT_CHUNK).map((v) => ({
            indicator_id: v.indicatorId,
            jurisdiction_code: v.jurisdictionCode,
            period_key: v.periodKey,
            period_end: v.periodEnd,
            value: v.value,
            submission_id: sub.id,
            item_seq: v.row,
            source: sub.channel,
            department_id: sub.department_id,
            user_id: sub.user_id,
            token_id: sub.token_id,
            note: v.note,
            reason: v.reason,
            evidence_id: v.evidenceId,
            reported_at: sub.received_at,
            // Order of receipt decides which revision counts: a retried or late job never outranks a newer value.
            revision: sub.revision,
            review_state: needsReview(v) ? ('pending' as const) : ('none' as const),
          })),
        )
        .onConflict((oc) => oc.columns(['submission_id', 'item_seq']).doNothing())
        .execute()
    }
    // A value waiting for review is not a report yet and changes no status: approval does both.
    const counted = toWrite.filter((v) => !needsReview(v))
    await markReported(trx, counted, reportingRules, sub.received_at)

    const accepted = toWrite.length
    const rejected = raw.items.length - accepted - unchanged
    await trx
      .updateTable('submissions')
      .set({
        state: 'processed',
        item_count: raw.items.length,
        accepted_count: accepted,
        unchanged_count: unchanged,
        rejected_count: rejected,
        errors: JSON.stringify(errors),
        processed_at: ctx.now,
        attempts: sub.attempts + 1,
        last_error: null,
      })
      .where('id', '=', sub.id)
      .execute()

    const statusChanges = await recomputeStatuses(trx, counted.map((v) => ({ indicatorId: v.indicatorId, jurisdictionCode: v.jurisdictionCode })), ctx.asOf, ctx.now)
    return {
      outcome: 'processed',
      accepted,
      unchanged,
      rejected,
      changes: [...statusChanges, submissionEvent(sub.id, sub.department_id, 'processed', accepted, rejected, ctx.now)],
    }
  })
}

function submissionEvent(id: string, departmentId: number | null, state: 'processed' | 'failed', accepted: number, rejected: number, now: Date): ChangeEvent {
  return { type: 'submission', submissionId: id, departmentId, state, acceptedCount: accepted, rejectedCount: rejected, at: now.toISOString() }
}
