import type { AdminRollupInput } from '@cockpit/contracts'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { notFound, ServiceError } from '../../kernel/errors.js'
import { rollupSettings } from '../read/rollups.js'
import { deriveIndicator } from '../../status/rollup/derive.js'
import { recomputeStatuses } from '../../status/recompute.js'
import { bodyField } from '../../kernel/admin-guards.js'
import type { StatusWrite } from './indicators.js'

/**
 * Sets (or replaces) how the indicator's value at its own jurisdiction is derived from its direct
 * children's, then derives every period that has child values at once and recomputes the statuses, in
 * one transaction; the route follows the changes after commit (publish + alert evaluation).
 */
export async function setRollup(
  ctx: ServiceContext,
  indicatorId: number,
  input: AdminRollupInput,
): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const ind = await trx
      .selectFrom('indicators')
      .select(['id', 'name', 'unit', 'jurisdiction_code'])
      .where('id', '=', indicatorId)
      .forUpdate()
      .executeTakeFirst()
    if (!ind) throw notFound(`指标 ${indicatorId} `)
    if (input.rule === 'share-meeting' && ind.unit !== '%')
      throw bodyField('rule', `达标占比(share-meeting)的结果是百分比,指标单位应为 %(当前为「${ind.unit}」)`)
    if (input.weightIndicator !== undefined) {
      if (input.weightIndicator === indicatorId) throw bodyField('weightIndicator', '权重指标不能是该指标本身')
      const weight = await trx
        .selectFrom('indicators')
        .select('id')
        .where('id', '=', input.weightIndicator)
        .executeTakeFirst()
      if (!weight) throw bodyField('weightIndicator', `权重指标 ${input.weightIndicator} 不存在`)
    }
    const children = await trx
      .selectFrom('jurisdictions')
      .select('code')
      .where('parent_code', '=', ind.jurisdiction_code)
      .where('retired_at', 'is', null)
      .limit(1)
      .execute()
    if (children.length === 0)
      throw new ServiceError('conflict', `指标 ${indicatorId} 所属地区 ${ind.jurisdiction_code} 没有下级地区,无法汇总`)
    const before = (await rollupSettings(trx, [indicatorId])).get(indicatorId) ?? null
    const row = {
      rule: input.rule,
      weight_indicator_id: input.weightIndicator ?? null,
      min_coverage: input.minCoverage,
      own_value: input.ownValue,
      updated_at: ctx.now,
    }
    await trx
      .insertInto('indicator_rollups')
      .values({ indicator_id: indicatorId, ...row })
      .onConflict((oc) => oc.column('indicator_id').doUpdateSet(row))
      .execute()
    const after = (await rollupSettings(trx, [indicatorId])).get(indicatorId) ?? null
    await auditWrite(tx, {
      action: 'indicator.rollup.set',
      entity: 'indicator',
      entityId: indicatorId,
      before: { rollup: before },
      after: { rollup: after },
    })
    const derived = await deriveIndicator(trx, indicatorId, ctx.now)
    const keys = [
      { indicatorId, jurisdictionCode: ind.jurisdiction_code },
      ...derived.map((d) => ({ indicatorId, jurisdictionCode: d.jurisdictionCode })),
    ]
    return { id: indicatorId, changes: await recomputeStatuses(trx, keys, ctx.asOf, ctx.now) }
  })
}

/**
 * Stops deriving: the parent is reported directly again. Derived values already stored stay in the
 * history (they were in force when they were shown); from now on a parent's own report is accepted.
 */
export async function deleteRollup(ctx: ServiceContext, indicatorId: number): Promise<void> {
  await adminTransaction(ctx, async (trx, tx) => {
    const ind = await trx
      .selectFrom('indicators')
      .select('id')
      .where('id', '=', indicatorId)
      .forUpdate()
      .executeTakeFirst()
    if (!ind) throw notFound(`指标 ${indicatorId} `)
    const before = (await rollupSettings(trx, [indicatorId])).get(indicatorId)
    if (!before) throw notFound(`指标 ${indicatorId} 的汇总规则 `)
    await trx.deleteFrom('indicator_rollups').where('indicator_id', '=', indicatorId).execute()
    await auditWrite(tx, {
      action: 'indicator.rollup.delete',
      entity: 'indicator',
      entityId: indicatorId,
      before: { rollup: before },
    })
  })
}
