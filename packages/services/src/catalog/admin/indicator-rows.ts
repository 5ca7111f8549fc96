// What the indicator writes (indicators.ts) and the target writes (targets.ts) share: the row lock, the audit
// views and the status recompute after a change, so both judge and record an indicator alike.
import type { AdminTargetInput, StatusChange } from '@cockpit/contracts'
import type { Database, IndicatorRow, IndicatorTargetRow } from '@cockpit/db'
import { type DefinitionTarget, yearEnd } from '@cockpit/domain'
import type { Transaction } from 'kysely'
import { notFound } from '../../kernel/errors.js'
import { descendantCodes } from '../../kernel/jurisdictions.js'
import { deriveIndicator } from '../../status/rollup/derive.js'
import { recomputeStatuses, type StatusKey } from '../../status/recompute.js'
import { bodyField } from '../../kernel/admin-guards.js'
import { anyInt } from '../../kernel/any-of.js'
import type { ClockContext } from '../../kernel/context.js'

/** What a definition write changed in stored statuses; the caller publishes them and queues alert evaluation after commit. */
export interface StatusWrite {
  id: number
  changes: StatusChange[]
}

export type Trx = Transaction<Database>

export const targetView = (
  t: Pick<
    IndicatorTargetRow,
    'id' | 'year' | 'due_date' | 'comparator' | 'value' | 'value_max' | 'cite_section' | 'cite_quote'
  >,
) => ({
  id: t.id,
  year: t.year,
  dueDate: t.due_date,
  comparator: t.comparator,
  value: t.value,
  valueMax: t.value_max,
  citation: t.cite_section && t.cite_quote ? { section: t.cite_section, quote: t.cite_quote } : null,
})

export const indicatorView = (i: IndicatorRow) => ({
  id: i.id,
  planId: i.plan_id,
  key: i.key,
  jurisdictionCode: i.jurisdiction_code,
  pillarId: i.pillar_id,
  name: i.name,
  unit: i.unit,
  measure: i.measure,
  direction: i.direction,
  nature: i.nature,
  cadence: i.cadence,
  baseline:
    i.baseline_year !== null && i.baseline_value !== null ? { year: i.baseline_year, value: i.baseline_value } : null,
  citation: { section: i.cite_section, quote: i.cite_quote },
  note: i.note,
})

export async function lockIndicator(trx: Trx, id: number) {
  const row = await trx.selectFrom('indicators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound(`指标 ${id} `)
  const plan = await trx
    .selectFrom('plans')
    .select(['id', 'start_year', 'end_year'])
    .where('id', '=', row.plan_id)
    .executeTakeFirstOrThrow()
  const targets = await trx
    .selectFrom('indicator_targets')
    .selectAll()
    .where('indicator_id', '=', id)
    .orderBy('due_date')
    .execute()
  return { row, plan, targets }
}

/** The indicator at its own jurisdiction and wherever values were reported for it: every stored status it has. */
export async function statusKeys(
  trx: Trx,
  indicator: Pick<IndicatorRow, 'id' | 'jurisdiction_code'>,
): Promise<StatusKey[]> {
  const reported = await trx
    .selectFrom('observations')
    .select('jurisdiction_code')
    .distinct()
    .where('indicator_id', '=', indicator.id)
    .execute()
  return [
    { indicatorId: indicator.id, jurisdictionCode: indicator.jurisdiction_code },
    ...reported.map((r) => ({ indicatorId: indicator.id, jurisdictionCode: r.jurisdiction_code })),
  ]
}

/** After a target write: a 达标占比 roll-up counts children against the targets, so it is derived again first. */
export async function afterTargetWrite(
  trx: Trx,
  indicator: Pick<IndicatorRow, 'id' | 'jurisdiction_code'>,
  ctx: ClockContext,
): Promise<StatusChange[]> {
  const rollup = await trx
    .selectFrom('indicator_rollups')
    .select('rule')
    .where('indicator_id', '=', indicator.id)
    .executeTakeFirst()
  if (rollup?.rule === 'share-meeting') await deriveIndicator(trx, indicator.id, ctx.now)
  return recomputeStatuses(trx, await statusKeys(trx, indicator), ctx.asOf, ctx.now)
}

export const asDefinitionTarget = (
  t: Pick<IndicatorTargetRow, 'year' | 'comparator' | 'value' | 'value_max'>,
  at: string,
): DefinitionTarget => ({
  at,
  year: t.year,
  comparator: t.comparator,
  value: t.value,
  valueMax: t.value_max,
})

export function targetRow(indicatorId: number, t: AdminTargetInput) {
  return {
    indicator_id: indicatorId,
    year: t.year,
    due_date: t.dueDate ?? yearEnd(t.year),
    comparator: t.comparator,
    value: t.value,
    value_max: t.valueMax,
    cite_section: t.citation?.section ?? null,
    cite_quote: t.citation?.quote ?? null,
  }
}

export async function checkPillar(trx: Trx, pillarId: number | null, planId: number) {
  if (pillarId === null) return
  const pillar = await trx.selectFrom('pillars').select(['id', 'plan_id']).where('id', '=', pillarId).executeTakeFirst()
  if (!pillar) throw bodyField('pillarId', `板块 ${pillarId} 不存在`)
  if (pillar.plan_id !== planId) throw bodyField('pillarId', `板块 ${pillarId} 不属于该指标所在的规划`)
}

export async function checkDepartments(
  trx: Trx,
  links: { departmentId: number }[],
  jurisdictionCode: string,
  path: string,
) {
  if (links.length === 0) return
  const allowed = new Set(await descendantCodes(trx, jurisdictionCode))
  const found = new Map(
    (
      await trx
        .selectFrom('departments')
        .select(['id', 'jurisdiction_code'])
        .where('id', '=', anyInt(links.map((l) => l.departmentId)))
        .execute()
    ).map((d) => [d.id, d]),
  )
  for (const [n, l] of links.entries()) {
    const d = found.get(l.departmentId)
    if (!d) throw bodyField(`${path}.${n}.departmentId`, `部门 ${l.departmentId} 不存在`)
    // A department answers for its own jurisdiction and below; another city's bureau cannot own this target.
    if (!allowed.has(d.jurisdiction_code))
      throw bodyField(
        `${path}.${n}.departmentId`,
        `部门 ${l.departmentId} 属于行政区划 ${d.jurisdiction_code},不在指标所在行政区划 ${jurisdictionCode} 及其下级之内`,
      )
  }
}

export async function departmentsOf(trx: Trx, indicatorId: number) {
  return trx
    .selectFrom('indicator_departments')
    .select(['department_id as departmentId', 'role'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('department_id')
    .execute()
}
