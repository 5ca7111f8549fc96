import type { AdminTargetInput, AdminTargetUpdate } from '@cockpit/contracts'
import type { IndicatorRow } from '@cockpit/db'
import { definitionIssues, type DefinitionTarget, yearEnd } from '@cockpit/domain'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, notFound, ServiceError } from '../../kernel/errors.js'
import { bodyField, invalidBody } from '../../kernel/admin-guards.js'
import {
  targetView,
  lockIndicator,
  afterTargetWrite,
  asDefinitionTarget,
  targetRow,
  type StatusWrite,
} from './indicator-rows.js'

export async function createTarget(
  ctx: ServiceContext,
  indicatorId: number,
  input: AdminTargetInput,
): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const { row, plan, targets } = await lockIndicator(trx, indicatorId)
    const next = targetRow(indicatorId, input)
    await checkTargets(row, plan, [
      ...targets.map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      asDefinitionTarget(next, ''),
    ])
    if (targets.some((t) => t.due_date === next.due_date))
      throw bodyIssue(
        'dueDate',
        `指标 ${indicatorId} 已有截止日期为 ${next.due_date} 的目标,请修改那个目标`,
        'conflict',
      )
    const created = await trx.insertInto('indicator_targets').values(next).returningAll().executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'indicator.target.create',
      entity: 'indicator',
      entityId: indicatorId,
      after: { target: targetView(created) },
    })
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: created.id, changes }
  })
}

export async function updateTarget(
  ctx: ServiceContext,
  indicatorId: number,
  targetId: number,
  input: AdminTargetUpdate,
): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const { row, plan, targets } = await lockIndicator(trx, indicatorId)
    const before = targets.find((t) => t.id === targetId)
    if (!before) throw notFound(`指标 ${indicatorId} 的目标 ${targetId} `)
    const year = input.year ?? before.year
    const comparator = input.comparator ?? before.comparator
    const merged = {
      year,
      // A new year moves the default due date with it; an explicit one wins.
      due_date: input.dueDate ?? (input.year !== undefined ? yearEnd(year) : before.due_date),
      comparator,
      value: input.value ?? before.value,
      // Switching away from a range drops its upper bound unless one is given.
      value_max: input.valueMax !== undefined ? input.valueMax : comparator === 'range' ? before.value_max : null,
      cite_section: input.citation !== undefined ? (input.citation?.section ?? null) : before.cite_section,
      cite_quote: input.citation !== undefined ? (input.citation?.quote ?? null) : before.cite_quote,
    }
    if (!merged.due_date.startsWith(`${year}-`))
      throw bodyField('dueDate', `截止日期 ${merged.due_date} 不在目标年份 ${year} 年之内`)
    await checkTargets(row, plan, [
      ...targets.filter((t) => t.id !== targetId).map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      asDefinitionTarget(merged, ''),
    ])
    if (targets.some((t) => t.id !== targetId && t.due_date === merged.due_date))
      throw bodyIssue('dueDate', `指标 ${indicatorId} 已有截止日期为 ${merged.due_date} 的另一个目标`, 'conflict')
    const after = await trx
      .updateTable('indicator_targets')
      .set(merged)
      .where('id', '=', targetId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'indicator.target.update',
      entity: 'indicator',
      entityId: indicatorId,
      before: { target: targetView(before) },
      after: { target: targetView(after) },
    })
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: targetId, changes }
  })
}

export async function deleteTarget(ctx: ServiceContext, indicatorId: number, targetId: number): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const { row, targets } = await lockIndicator(trx, indicatorId)
    const before = targets.find((t) => t.id === targetId)
    if (!before) throw notFound(`指标 ${indicatorId} 的目标 ${targetId} `)
    // Status, path and forecast all need a final target: the last one can be changed, not removed.
    if (targets.length === 1)
      throw new ServiceError(
        'conflict',
        `目标 ${targetId} 是指标 ${indicatorId} 唯一的目标,不能删除;请修改它,或删除整个指标`,
      )
    await trx.deleteFrom('indicator_targets').where('id', '=', targetId).execute()
    await auditWrite(tx, {
      action: 'indicator.target.delete',
      entity: 'indicator',
      entityId: indicatorId,
      before: { target: targetView(before) },
    })
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: targetId, changes }
  })
}

async function checkTargets(
  row: IndicatorRow,
  plan: { start_year: number; end_year: number },
  targets: DefinitionTarget[],
) {
  const baseline =
    row.baseline_year !== null && row.baseline_value !== null
      ? { year: row.baseline_year, value: row.baseline_value }
      : null
  const issues = definitionIssues({
    unit: row.unit,
    measure: row.measure,
    baseline,
    targets,
    horizon: { startYear: plan.start_year, endYear: plan.end_year },
  })
  if (issues.length) throw invalidBody(issues)
}
