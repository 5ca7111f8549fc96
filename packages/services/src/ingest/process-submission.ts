import type { ChangeEvent } from '@cockpit/contracts'
import type { Database, SubmissionErrorItem } from '@cockpit/db'
import { type Kysely, sql, type Transaction } from 'kysely'
import { ownedIndicatorIds, resolveIndicators } from '../submissions/indicator-refs.js'
import { recomputeStatuses } from '../status/recompute.js'
import { loadReportingRules, markReported, periodLockCheck } from '../reporting/index.js'
import { itemsFromFile, itemsFromPayload } from './raw-items.js'
import { type ValidItem, validateItems } from './validate-items.js'

export interface ProcessResult {
  outcome: 'processed' | 'failed' | 'skipped'
  accepted: number
  unchanged: number
  rejected: number
  /** Published after commit: status changes and the submission's own state. */
  changes: ChangeEvent[]
}

const jsonColumns = { indicator: 'indicator', jurisdiction: 'jurisdiction', period: 'period', value: 'value', note: 'note' }
const fileColumns = { indicator: '指标编码', jurisdiction: '行政区划代码', period: '统计期', value: '数值', note: '备注' }
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

    const indicators = await resolveIndicators(trx, raw.items.map((i) => normaliseRef(i.indicator)).filter((r): r is number | string => r !== null))
    const ids = [...new Set([...indicators.values()].map((i) => i.id))]
    const owned = sub.department_id !== null ? await ownedIndicatorIds(trx, sub.department_id, ids) : null
    const parents = new Map((await trx.selectFrom('jurisdictions').select(['code', 'parent_code']).execute()).map((j) => [j.code, j.parent_code]))
    const reportingRules = await loadReportingRules(trx, ids)
    const { valid, errors } = validateItems(raw.items, {
      indicators,
      owned,
      parents,
      asOf: ctx.asOf,
      lockedOn: periodLockCheck(reportingRules, ctx.asOf),
      columns: sub.file ? fileColumns : jsonColumns,
    })

    const reviewed = new Set([...indicators.values()].filter((i) => i.requiresReview).map((i) => i.id))
    const needsReview = (v: ValidItem) => reviewed.has(v.indicatorId)
    let toWrite: ValidItem[] = []
    let unchanged = 0
    if (sub.all_or_nothing && errors.length > 0) {
      errors.push({ row: 0, column: null, code: 'all_or_nothing', message: `有${errors.length}行错误,按“全部成功才接收”的要求,本次提交的数据均未采用` })
    } else {
      const current = await currentValues(trx, valid)
      for (const v of valid) {
        const prev = current.get(`${v.indicatorId}|${v.jurisdictionCode}|${v.periodKey}`)
        // Re-sending the value already in force is not a new revision: a repeated batch changes nothing.
        // Attaching new evidence to the same value is a revision, so the history shows the file.
        const sameEvidence = v.evidenceId === null || v.evidenceId === prev?.evidenceId
        if (prev !== undefined && Math.abs(prev.value - v.value) <= 1e-9 * Math.max(1, Math.abs(v.value)) && sameEvidence) unchanged++
        else toWrite.push(v)
      }
    }

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

function normaliseRef(raw: unknown): number | string | null {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw
  if (typeof raw !== 'string') return null
  const t = raw.trim()
  return /^\d+$/.test(t) ? Number(t) : t
}

function submissionEvent(id: string, departmentId: number | null, state: 'processed' | 'failed', accepted: number, rejected: number, now: Date): ChangeEvent {
  return { type: 'submission', submissionId: id, departmentId, state, acceptedCount: accepted, rejectedCount: rejected, at: now.toISOString() }
}

/**
 * The value in force, or waiting for review, for each (indicator, jurisdiction, period) the batch
 * touches (re-sending a returned value is a new revision that goes to review again): three array
 * parameters and one index probe per key. (A list of 1,000 tuples in `IN (…)` costs PostgreSQL more to
 * plan than to run, and breaks PGlite outright.)
 */
async function currentValues(trx: Transaction<Database>, items: ValidItem[]): Promise<Map<string, { value: number; evidenceId: string | null }>> {
  const out = new Map<string, { value: number; evidenceId: string | null }>()
  if (items.length === 0) return out
  const rows = await sql<{ indicator_id: number; jurisdiction_code: string; period_key: string; value: number; evidence_id: string | null }>`
    select k.i as indicator_id, k.j as jurisdiction_code, k.p as period_key, o.value, o.evidence_id
    from unnest(${items.map((v) => v.indicatorId)}::int[], ${items.map((v) => v.jurisdictionCode)}::text[], ${items.map((v) => v.periodKey)}::text[]) as k(i, j, p)
    cross join lateral (
      select value, evidence_id from observations o
      where o.indicator_id = k.i and o.jurisdiction_code = k.j and o.period_key = k.p and o.review_state <> 'returned'
      order by o.reported_at desc, o.id desc limit 1
    ) o`.execute(trx)
  for (const r of rows.rows) out.set(`${r.indicator_id}|${r.jurisdiction_code}|${r.period_key}`, { value: r.value, evidenceId: r.evidence_id })
  return out
}
