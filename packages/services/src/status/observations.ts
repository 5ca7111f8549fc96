import { type ObservationPeriod, reviewStateLabels } from '@cockpit/contracts'
import type { ServiceContext } from '../kernel/context.js'
import { assertFilterInScope, inScope, readScope } from '../kernel/scope.js'
import { notFound } from '../kernel/errors.js'
import { COUNTING_REVIEW_STATES } from '../kernel/counts.js'
import { anyText } from '../kernel/any-of.js'

/**
 * Every period's value with its full revision history, newest revision first; oldest period first. The
 * period's value is its newest counting revision (pending and returned ones are listed but do not count,
 * nor does an incomplete roll-up); a derived revision carries its provenance (child revisions, coverage).
 */
export async function observationHistory(ctx: ServiceContext, indicatorId: number, jurisdiction: string | undefined) {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  const ind = await db
    .selectFrom('indicators')
    .select(['id', 'jurisdiction_code'])
    .where('id', '=', indicatorId)
    .executeTakeFirst()
  if (!ind || !inScope(scope, ind.jurisdiction_code)) throw notFound(`指标 ${indicatorId} `)
  assertFilterInScope(scope, jurisdiction)
  const code = jurisdiction ?? ind.jurisdiction_code
  const rows = await db
    .selectFrom('observations as o')
    .leftJoin('evidence_files as e', 'e.id', 'o.evidence_id')
    .leftJoin('rollup_provenance as rp', 'rp.observation_id', 'o.id')
    .select([
      'o.id',
      'o.period_key',
      'o.period_end',
      'o.value',
      'o.reported_at',
      'o.source',
      'o.department_id',
      'o.submission_id',
      'o.note',
      'o.reason',
      'o.review_state',
      'o.review_comment',
    ])
    .select(['o.evidence_id', 'e.file_name as evidence_name', 'e.size as evidence_size'])
    .select(['rp.children', 'rp.reported', 'rp.expected', 'rp.complete'])
    .where('o.indicator_id', '=', indicatorId)
    .where('o.jurisdiction_code', '=', code)
    .orderBy('o.period_end')
    .orderBy('o.revision', 'desc')
    .orderBy('o.id', 'desc')
    .execute()
  const codes = [...new Set(rows.flatMap((r) => (r.children ?? []).map((c) => c.code)))]
  const names = new Map(
    codes.length
      ? (
          await db.selectFrom('jurisdictions').select(['code', 'name']).where('code', '=', anyText(codes)).execute()
        ).map((j) => [j.code, j.name])
      : [],
  )
  const periods = new Map<string, ObservationPeriod>()
  for (const r of rows) {
    let p = periods.get(r.period_key)
    if (!p) {
      p = { periodKey: r.period_key, periodEnd: r.period_end, value: null, revisions: [] }
      periods.set(r.period_key, p)
    }
    // An incomplete roll-up is listed (with its coverage) but, as for statuses, is not the period's value.
    if (
      p.value === null &&
      (COUNTING_REVIEW_STATES as readonly string[]).includes(r.review_state) &&
      r.complete !== false
    )
      p.value = r.value
    p.revisions.push({
      id: String(r.id),
      value: r.value,
      reportedAt: r.reported_at.toISOString(),
      source: r.source,
      departmentId: r.department_id,
      submissionId: r.submission_id,
      note: r.note,
      reason: r.reason,
      reviewState: r.review_state,
      reviewStateLabel: reviewStateLabels[r.review_state],
      reviewComment: r.review_comment,
      evidence:
        r.evidence_id && r.evidence_name !== null
          ? { id: r.evidence_id, fileName: r.evidence_name, size: r.evidence_size ?? 0 }
          : null,
      provenance:
        r.children && r.reported !== null && r.expected !== null && r.complete !== null
          ? {
              reported: r.reported,
              expected: r.expected,
              complete: r.complete,
              children: r.children.map((c) => ({ ...c, name: names.get(c.code) ?? c.code })),
            }
          : null,
    })
  }
  return { indicatorId, jurisdictionCode: code, periods: [...periods.values()] }
}
