import { type Submission, type SubmissionItemReview, submissionStateLabels } from '@cockpit/contracts'
import type { SubmissionRow } from '@cockpit/db'
import type { Principal } from '../../kernel/principal.js'
import type { ServiceContext } from '../../kernel/context.js'
import { forbidden, notFound } from '../../kernel/errors.js'
import { itemReviews } from '../review/item-reviews.js'
import { submissionsAwaitingStatus } from '../../status/marks.js'

type Listed = Omit<SubmissionRow, 'payload' | 'file' | 'created_at' | 'revision'>
const columns = [
  'id',
  'channel',
  'department_id',
  'user_id',
  'token_id',
  'idempotency_scope',
  'idempotency_key',
  'request_hash',
  'file_name',
  'file_type',
  'all_or_nothing',
  'state',
  'item_count',
  'accepted_count',
  'unchanged_count',
  'rejected_count',
  'errors',
  'attempts',
  'last_error',
  'received_at',
  'processed_at',
] as const

export const toSubmission = (r: Listed, reviews: SubmissionItemReview[] = [], statusPending = false): Submission => ({
  id: r.id,
  channel: r.channel,
  departmentId: r.department_id,
  state: r.state,
  stateLabel: submissionStateLabels[r.state],
  fileName: r.file_name,
  allOrNothing: r.all_or_nothing,
  itemCount: r.item_count,
  acceptedCount: r.accepted_count,
  unchangedCount: r.unchanged_count,
  rejectedCount: r.rejected_count,
  errors: r.errors,
  receivedAt: r.received_at.toISOString(),
  processedAt: r.processed_at?.toISOString() ?? null,
  statusPending,
  reviews,
})

/** Submitters see their own department's submissions; admins see all. */
function canSee(p: Principal, r: Listed): boolean {
  if (p.role === 'admin') return true
  if (p.kind === 'token')
    return r.token_id === p.tokenId || (r.department_id !== null && r.department_id === p.departmentId)
  return (
    r.user_id === p.userId || (p.role === 'reporter' && r.department_id !== null && r.department_id === p.departmentId)
  )
}

export async function getSubmission(ctx: ServiceContext, id: string): Promise<Submission> {
  const { db, principal } = ctx
  const row = await db.selectFrom('submissions').select(columns).where('id', '=', id).executeTakeFirst()
  // Another department's submission answers as absent: its id says nothing to the caller.
  if (!row || !canSee(principal, row)) throw notFound(`提交 ${id} `)
  const pending = row.state === 'processed' && (await submissionsAwaitingStatus(db, [row.id])).has(row.id)
  return toSubmission(row, (await itemReviews(db, [row.id])).get(row.id), pending)
}

export async function listSubmissions(
  ctx: ServiceContext,
  filter: { state?: Submission['state'] | undefined; limit: number },
): Promise<Submission[]> {
  const { db, principal } = ctx
  let q = db.selectFrom('submissions').select(columns).orderBy('received_at', 'desc').limit(filter.limit)
  if (filter.state) q = q.where('state', '=', filter.state)
  if (principal.role !== 'admin') {
    if (principal.departmentId === null) throw forbidden('无权查看填报记录')
    q = q.where('department_id', '=', principal.departmentId)
  }
  const rows = await q.execute()
  const reviews = await itemReviews(
    db,
    rows.map((r) => r.id),
  )
  const pending = await submissionsAwaitingStatus(
    db,
    rows.filter((r) => r.state === 'processed').map((r) => r.id),
  )
  return rows.map((r) => toSubmission(r, reviews.get(r.id), pending.has(r.id)))
}
