import type { ObservationPeriod } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { assertFilterInScope, inScope, type ReadScope } from '../auth/scope.js'
import { notFound } from '../errors.js'

/** Every period's value with its full revision history, newest revision first; oldest period first. */
export async function observationHistory(db: Kysely<Database>, indicatorId: number, jurisdiction: string | undefined, scope: ReadScope) {
  const ind = await db.selectFrom('indicators').select(['id', 'jurisdiction_code']).where('id', '=', indicatorId).executeTakeFirst()
  if (!ind || !inScope(scope, ind.jurisdiction_code)) throw notFound(`指标 ${indicatorId} `)
  assertFilterInScope(scope, jurisdiction)
  const code = jurisdiction ?? ind.jurisdiction_code
  const rows = await db
    .selectFrom('observations')
    .select(['id', 'period_key', 'period_end', 'value', 'reported_at', 'source', 'department_id', 'submission_id', 'note', 'reason'])
    .where('indicator_id', '=', indicatorId)
    .where('jurisdiction_code', '=', code)
    .orderBy('period_end')
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const periods = new Map<string, ObservationPeriod>()
  for (const r of rows) {
    let p = periods.get(r.period_key)
    if (!p) {
      p = { periodKey: r.period_key, periodEnd: r.period_end, value: r.value, revisions: [] }
      periods.set(r.period_key, p)
    }
    p.revisions.push({
      id: String(r.id),
      value: r.value,
      reportedAt: r.reported_at.toISOString(),
      source: r.source,
      departmentId: r.department_id,
      submissionId: r.submission_id,
      note: r.note,
      reason: r.reason,
    })
  }
  return { indicatorId, jurisdictionCode: code, periods: [...periods.values()] }
}
