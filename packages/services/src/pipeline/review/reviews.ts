import { type ChangeEvent, type Review, type ReviewQuery, reviewStateLabels } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../../kernel/audit.js'
import type { ServiceContext } from '../../kernel/context.js'
import type { Principal } from '../../kernel/principal.js'
import { forbidden, notFound, ServiceError } from '../../kernel/errors.js'
import { descendantCodes } from '../../kernel/jurisdictions.js'
import { loadReportingRules, markReported } from '../../reporting/index.js'
import { valuesInForceChanged } from '../../status/rollup/apply.js'
import { anyText } from '../../kernel/any-of.js'

/** null = everywhere (admin); otherwise the codes a manager reviews: their jurisdictions and those below. */
async function reviewerScope(db: Kysely<Database>, principal: Principal): Promise<Set<string> | null> {
  if (principal.role === 'admin') return null
  if (principal.role === 'manager')
    return new Set((await Promise.all(principal.jurisdictions.map((j) => descendantCodes(db, j)))).flat())
  throw forbidden('只有管理员和分管领导可以审核填报数值')
}

function reviewQuery(db: Kysely<Database>) {
  return db
    .selectFrom('observations as o')
    .innerJoin('indicators as i', 'i.id', 'o.indicator_id')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .innerJoin('jurisdictions as j', 'j.code', 'o.jurisdiction_code')
    .leftJoin('departments as d', 'd.id', 'o.department_id')
    .leftJoin('users as u', 'u.id', 'o.reviewed_by')
    .select([
      'o.id',
      'o.indicator_id',
      'i.key',
      'p.key as plan_key',
      'i.name',
      'i.unit',
      'o.jurisdiction_code',
      'j.name as jurisdiction_name',
      'o.period_key',
      'o.value',
      'o.note',
      'o.reported_at',
      'o.department_id',
      'd.name as department_name',
      'o.submission_id',
      'o.review_state',
      'o.review_comment',
      'o.reviewed_at',
      'u.display_name as reviewer',
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof reviewQuery>['executeTakeFirstOrThrow']>>

function toReview(r: Row): Review {
  if (r.review_state === 'none') throw new Error(`observation ${r.id} needs no review`)
  return {
    id: String(r.id),
    indicatorId: r.indicator_id,
    indicatorCode: `${r.plan_key}/${r.key}`,
    indicatorName: r.name,
    unit: r.unit,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    periodKey: r.period_key,
    value: r.value,
    note: r.note,
    reportedAt: r.reported_at.toISOString(),
    departmentId: r.department_id,
    departmentName: r.department_name,
    submissionId: r.submission_id,
    state: r.review_state,
    stateLabel: reviewStateLabels[r.review_state],
    comment: r.review_comment,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewedBy: r.reviewer,
  }
}

/** Values in one review state, oldest report first for pending (first come, first reviewed), newest decision first otherwise. */
export async function listReviews(ctx: ServiceContext, query: ReviewQuery): Promise<Review[]> {
  const { db } = ctx
  const scope = await reviewerScope(db, ctx.principal)
  let codes: string[] | null = scope ? [...scope] : null
  if (query.jurisdiction) {
    if (scope && !scope.has(query.jurisdiction)) throw forbidden(`无权审核行政区划 ${query.jurisdiction} 的填报数值`)
    codes = await descendantCodes(db, query.jurisdiction)
  }
  let q = reviewQuery(db).where('o.review_state', '=', query.state).limit(query.limit)
  if (codes) q = q.where('o.jurisdiction_code', '=', anyText(codes))
  q =
    query.state === 'pending'
      ? q.orderBy('o.revision').orderBy('o.id')
      : q.orderBy('o.reviewed_at', 'desc').orderBy('o.id', 'desc')
  return (await q.execute()).map(toReview)
}

/**
 * Locks the value, checks the reviewer may decide on it and that it still waits; a manager of another
 * jurisdiction is refused with a reason rather than told the value does not exist.
 */
async function lockPending(trx: Kysely<Database>, scope: Set<string> | null, id: string) {
  const obs = await trx.selectFrom('observations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!obs || obs.review_state === 'none') throw notFound(`待审核数值 ${id} `)
  if (scope && !scope.has(obs.jurisdiction_code))
    throw forbidden(`无权审核行政区划 ${obs.jurisdiction_code} 的填报数值`)
  if (obs.review_state !== 'pending')
    throw new ServiceError('conflict', `该数值${reviewStateLabels[obs.review_state]},不能重复审核`)
  return obs
}

/**
 * Approves a pending value: from now on it counts. Within one transaction it marks the period reported
 * (at the time the department sent it, so a manager's delay never makes a report late) and recomputes
 * the stored status exactly as ingest does; the returned changes are for live screens and alert
 * evaluation after commit, as after ingest.
 */
export async function approveReview(
  ctx: ServiceContext,
  id: string,
  reviewComment: string | undefined,
): Promise<{ review: Review; changes: ChangeEvent[] }> {
  const { db, principal } = ctx
  const scope = await reviewerScope(db, principal)
  const changes = await db.transaction().execute(async (trx) => {
    const obs = await lockPending(trx, scope, id)
    const comment = reviewComment?.trim() || null
    await trx
      .updateTable('observations')
      .set({ review_state: 'approved', reviewed_at: ctx.now, reviewed_by: principal.userId, review_comment: comment })
      .where('id', '=', obs.id)
      .execute()
    const rules = await loadReportingRules(trx, [obs.indicator_id])
    await markReported(
      trx,
      [
        {
          indicatorId: obs.indicator_id,
          jurisdictionCode: obs.jurisdiction_code,
          periodKey: obs.period_key,
          periodEnd: obs.period_end,
        },
      ],
      rules,
      obs.reported_at,
    )
    const statusChanges = await valuesInForceChanged(
      trx,
      [{ indicatorId: obs.indicator_id, jurisdictionCode: obs.jurisdiction_code, periodKey: obs.period_key }],
      ctx,
    )
    await audit(
      trx,
      principal,
      {
        action: 'review.approve',
        entity: 'observation',
        entityId: obs.id,
        before: { reviewState: 'pending' },
        after: { reviewState: 'approved', value: obs.value, comment },
      },
      ctx.requestId,
    )
    return statusChanges
  })
  return { review: toReview(await reviewQuery(db).where('o.id', '=', id).executeTakeFirstOrThrow()), changes }
}

/** Returns a pending value to its department with the reason: it never counts; a corrected value goes to review again. */
export async function returnReview(ctx: ServiceContext, id: string, comment: string): Promise<Review> {
  const { db, principal } = ctx
  const scope = await reviewerScope(db, principal)
  await db.transaction().execute(async (trx) => {
    const obs = await lockPending(trx, scope, id)
    await trx
      .updateTable('observations')
      .set({
        review_state: 'returned',
        reviewed_at: ctx.now,
        reviewed_by: principal.userId,
        review_comment: comment,
      })
      .where('id', '=', obs.id)
      .execute()
    await audit(
      trx,
      principal,
      {
        action: 'review.return',
        entity: 'observation',
        entityId: obs.id,
        before: { reviewState: 'pending' },
        after: { reviewState: 'returned', value: obs.value, comment },
      },
      ctx.requestId,
    )
  })
  return toReview(await reviewQuery(db).where('o.id', '=', id).executeTakeFirstOrThrow())
}

/**
 * Turns review on or off for an indicator's future values (admin). Values already waiting stay
 * pending until a manager decides: switching review off must not silently approve them.
 */
export async function setReviewSetting(
  ctx: ServiceContext,
  indicatorId: number,
  requiresReview: boolean,
): Promise<void> {
  const { db, principal } = ctx
  if (principal.role !== 'admin') throw forbidden('只有管理员可以设置指标是否需要审核')
  await db.transaction().execute(async (trx) => {
    const ind = await trx
      .selectFrom('indicators')
      .select(['id', 'requires_review'])
      .where('id', '=', indicatorId)
      .forUpdate()
      .executeTakeFirst()
    if (!ind) throw notFound(`指标 ${indicatorId} `)
    if (ind.requires_review === requiresReview) return
    await trx
      .updateTable('indicators')
      .set({ requires_review: requiresReview, updated_at: ctx.now })
      .where('id', '=', indicatorId)
      .execute()
    await audit(
      trx,
      principal,
      {
        action: 'indicator.review-setting',
        entity: 'indicator',
        entityId: indicatorId,
        before: { requiresReview: ind.requires_review },
        after: { requiresReview },
      },
      ctx.requestId,
    )
  })
}
