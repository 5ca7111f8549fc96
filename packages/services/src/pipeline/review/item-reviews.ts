import { type SubmissionItemReview, reviewStateLabels } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

/** The review state of every item of these submissions that needed review, for their reporters. */
export async function itemReviews(
  db: Kysely<Database>,
  submissionIds: string[],
): Promise<Map<string, SubmissionItemReview[]>> {
  const out = new Map<string, SubmissionItemReview[]>()
  if (submissionIds.length === 0) return out
  const rows = await db
    .selectFrom('observations')
    .select([
      'id',
      'submission_id',
      'item_seq',
      'indicator_id',
      'jurisdiction_code',
      'period_key',
      'value',
      'review_state',
      'review_comment',
      'reviewed_at',
    ])
    .where('submission_id', 'in', submissionIds)
    .where('review_state', '<>', 'none')
    .orderBy('submission_id')
    .orderBy('item_seq')
    .execute()
  for (const r of rows) {
    if (r.submission_id === null || r.review_state === 'none') continue
    const list = out.get(r.submission_id) ?? []
    list.push({
      row: r.item_seq,
      observationId: String(r.id),
      indicatorId: r.indicator_id,
      jurisdictionCode: r.jurisdiction_code,
      periodKey: r.period_key,
      value: r.value,
      state: r.review_state,
      stateLabel: reviewStateLabels[r.review_state],
      comment: r.review_comment,
      reviewedAt: r.reviewed_at?.toISOString() ?? null,
    })
    out.set(r.submission_id, list)
  }
  return out
}
