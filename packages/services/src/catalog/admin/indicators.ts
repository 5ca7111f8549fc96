import type { AdminIndicatorCreate, AdminIndicatorUpdate, DepartmentRole } from '@cockpit/contracts'
import { definitionIssues, yearEnd } from '@cockpit/domain'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, ServiceError } from '../../kernel/errors.js'
import { descendantCodes } from '../../kernel/jurisdictions.js'
import { recomputeStatuses } from '../../status/recompute.js'
import { bodyField, conflictOnUnique, invalidBody } from '../../kernel/admin-guards.js'
import {
  targetView,
  indicatorView,
  lockIndicator,
  statusKeys,
  asDefinitionTarget,
  targetRow,
  checkPillar,
  checkDepartments,
  departmentsOf,
  type StatusWrite,
} from './indicator-rows.js'

export type { StatusWrite } from './indicator-rows.js'

export async function createIndicator(ctx: ServiceContext, input: AdminIndicatorCreate): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const plan = await trx
      .selectFrom('plans')
      .select(['id', 'jurisdiction_code', 'start_year', 'end_year'])
      .where('id', '=', input.planId)
      .executeTakeFirst()
    if (!plan) throw bodyField('planId', `规划 ${input.planId} 不存在`)
    const jurisdiction = input.jurisdictionCode ?? plan.jurisdiction_code
    if (
      !(await descendantCodes(trx, plan.jurisdiction_code)).includes(jurisdiction) ||
      !(await trx.selectFrom('jurisdictions').select('code').where('code', '=', jurisdiction).executeTakeFirst())
    )
      throw bodyField(
        'jurisdictionCode',
        `行政区划 ${jurisdiction} 不存在,或不在规划所属行政区划 ${plan.jurisdiction_code} 及其下级之内`,
      )
    const issues = definitionIssues({
      unit: input.unit,
      measure: input.measure,
      baseline: input.baseline,
      targets: input.targets.map((t, n) => ({
        at: `targets.${n}.`,
        year: t.year,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.valueMax,
      })),
      horizon: { startYear: plan.start_year, endYear: plan.end_year },
    })
    const dueDates = input.targets.map((t) => t.dueDate ?? yearEnd(t.year))
    const dup = dueDates.findIndex((d, n) => dueDates.indexOf(d) !== n)
    if (dup >= 0)
      issues.push({
        path: `targets.${dup}.dueDate`,
        message: `与另一个目标的截止日期 ${dueDates[dup]} 相同,同一指标每个截止日期只能有一个目标`,
      })
    if (issues.length) throw invalidBody(issues)
    await checkPillar(trx, input.pillarId, plan.id)
    await checkDepartments(trx, input.departments, jurisdiction, 'departments')
    if (
      await trx
        .selectFrom('indicators')
        .select('id')
        .where('plan_id', '=', plan.id)
        .where('key', '=', input.key)
        .executeTakeFirst()
    )
      throw bodyIssue('key', `规划中已有标识为 ${input.key} 的指标`, 'conflict')
    const position = await trx
      .selectFrom('indicators')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirst()
    const created = await conflictOnUnique(
      () =>
        trx
          .insertInto('indicators')
          .values({
            plan_id: plan.id,
            key: input.key,
            jurisdiction_code: jurisdiction,
            pillar_id: input.pillarId,
            name: input.name,
            unit: input.unit,
            measure: input.measure,
            direction: input.direction,
            nature: input.nature,
            cadence: input.cadence,
            baseline_year: input.baseline?.year ?? null,
            baseline_value: input.baseline?.value ?? null,
            cite_section: input.citation.section,
            cite_quote: input.citation.quote,
            note: input.note,
            position: Number(position?.p ?? -1) + 1,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      bodyIssue('key', `规划中已有标识为 ${input.key} 的指标`, 'conflict'),
    )
    const targets = await trx
      .insertInto('indicator_targets')
      .values(input.targets.map((t) => targetRow(created.id, t)))
      .returningAll()
      .execute()
    if (input.departments.length)
      await trx
        .insertInto('indicator_departments')
        .values(
          input.departments.map((d) => ({ indicator_id: created.id, department_id: d.departmentId, role: d.role })),
        )
        .execute()
    await auditWrite(tx, {
      action: 'indicator.create',
      entity: 'indicator',
      entityId: created.id,
      after: { ...indicatorView(created), targets: targets.map(targetView), departments: input.departments },
    })
    const changes = await recomputeStatuses(trx, await statusKeys(trx, created), ctx.asOf, ctx.now)
    return { id: created.id, changes }
  })
}

export async function updateIndicator(
  ctx: ServiceContext,
  id: number,
  input: AdminIndicatorUpdate,
): Promise<StatusWrite> {
  return adminTransaction(ctx, async (trx, tx) => {
    const { row, plan, targets } = await lockIndicator(trx, id)
    const measure = input.measure ?? row.measure
    const unit = input.unit ?? row.unit
    const baseline =
      input.baseline !== undefined
        ? input.baseline
        : row.baseline_year !== null && row.baseline_value !== null
          ? { year: row.baseline_year, value: row.baseline_value }
          : null
    // The stored targets must still fit a changed measure or unit; their issues name them by year.
    const issues = definitionIssues({
      unit,
      measure,
      baseline,
      targets: targets.map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      horizon: { startYear: plan.start_year, endYear: plan.end_year },
    })
    if (issues.length) throw invalidBody(issues)
    if (input.pillarId !== undefined) await checkPillar(trx, input.pillarId, plan.id)
    const after = await trx
      .updateTable('indicators')
      .set({
        ...(input.pillarId !== undefined ? { pillar_id: input.pillarId } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.unit !== undefined ? { unit: input.unit } : {}),
        ...(input.measure !== undefined ? { measure: input.measure } : {}),
        ...(input.direction !== undefined ? { direction: input.direction } : {}),
        ...(input.nature !== undefined ? { nature: input.nature } : {}),
        ...(input.cadence !== undefined ? { cadence: input.cadence } : {}),
        ...(input.baseline !== undefined
          ? { baseline_year: input.baseline?.year ?? null, baseline_value: input.baseline?.value ?? null }
          : {}),
        ...(input.citation !== undefined
          ? { cite_section: input.citation.section, cite_quote: input.citation.quote }
          : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'indicator.update',
      entity: 'indicator',
      entityId: id,
      before: indicatorView(row),
      after: indicatorView(after),
    })
    // Direction, measure and baseline all feed the status: recompute so the change shows at once.
    const changes = await recomputeStatuses(trx, await statusKeys(trx, after), ctx.asOf, ctx.now)
    return { id, changes }
  })
}

/** Refused once values were reported: they are evidence, and the audit trail would lose what they counted against. */
export async function deleteIndicator(ctx: ServiceContext, id: number): Promise<void> {
  await adminTransaction(ctx, async (trx, tx) => {
    const { row, targets } = await lockIndicator(trx, id)
    const reported = await trx
      .selectFrom('observations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(reported.n) > 0)
      throw new ServiceError(
        'conflict',
        `指标 ${id} 已有 ${Number(reported.n)} 条上报数据,不能删除;如不再考核,请修改其说明或目标`,
      )
    const departments = await departmentsOf(trx, id)
    await trx.deleteFrom('indicators').where('id', '=', id).execute()
    await auditWrite(tx, {
      action: 'indicator.delete',
      entity: 'indicator',
      entityId: id,
      before: { ...indicatorView(row), targets: targets.map(targetView), departments },
    })
  })
}

/** Replaces the indicator's lead and cooperating departments as a whole. */
export async function setIndicatorDepartments(
  ctx: ServiceContext,
  indicatorId: number,
  links: { departmentId: number; role: DepartmentRole }[],
): Promise<void> {
  await adminTransaction(ctx, async (trx, tx) => {
    const { row } = await lockIndicator(trx, indicatorId)
    await checkDepartments(trx, links, row.jurisdiction_code, 'departments')
    const before = await departmentsOf(trx, indicatorId)
    await trx.deleteFrom('indicator_departments').where('indicator_id', '=', indicatorId).execute()
    if (links.length)
      await trx
        .insertInto('indicator_departments')
        .values(links.map((l) => ({ indicator_id: indicatorId, department_id: l.departmentId, role: l.role })))
        .execute()
    await auditWrite(tx, {
      action: 'indicator.departments',
      entity: 'indicator',
      entityId: indicatorId,
      before: { departments: before },
      after: { departments: await departmentsOf(trx, indicatorId) },
    })
  })
}
