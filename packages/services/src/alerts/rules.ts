import { type AlertRule, type AlertRuleInput, alertRuleKindLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { inScope, readScope } from '../kernel/scope.js'
import { forbidden, invalid, notFound } from '../kernel/errors.js'

export const toRule = (r: AlertRuleRow): AlertRule => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  kindLabel: alertRuleKindLabels[r.kind],
  severity: r.severity,
  enabled: r.enabled,
  params: r.params,
  scope: {
    indicatorId: r.indicator_id,
    pillarId: r.pillar_id,
    planId: r.plan_id,
    jurisdictionCode: r.jurisdiction_code,
    includeDescendants: r.include_descendants,
    bindingOnly: r.binding_only,
  },
  forSeconds: r.for_seconds,
  forPeriods: r.for_periods,
  keepFiringSeconds: r.keep_firing_seconds,
  noData: r.no_data,
  groupWaitSeconds: r.group_wait_seconds,
  groupIntervalSeconds: r.group_interval_seconds,
  repeatIntervalSeconds: r.repeat_interval_seconds,
  escalateAfterSeconds: r.escalate_after_seconds,
})

function row(input: AlertRuleInput) {
  return {
    name: input.name,
    kind: input.params.kind,
    severity: input.severity,
    enabled: input.enabled,
    indicator_id: input.scope.indicatorId ?? null,
    pillar_id: input.scope.pillarId ?? null,
    plan_id: input.scope.planId ?? null,
    jurisdiction_code: input.scope.jurisdictionCode ?? null,
    include_descendants: input.scope.includeDescendants,
    binding_only: input.scope.bindingOnly,
    params: JSON.stringify(input.params),
    for_seconds: input.forSeconds,
    for_periods: input.forPeriods,
    keep_firing_seconds: input.keepFiringSeconds,
    no_data: input.noData,
    group_wait_seconds: input.groupWaitSeconds,
    group_interval_seconds: input.groupIntervalSeconds,
    repeat_interval_seconds: input.repeatIntervalSeconds,
    escalate_after_seconds: input.escalateAfterSeconds,
  }
}

/** References in a rule's scope must exist; a clear message names the one that does not. */
async function checkScope(db: Kysely<Database>, input: AlertRuleInput) {
  const s = input.scope
  if (
    s.indicatorId &&
    !(await db.selectFrom('indicators').select('id').where('id', '=', s.indicatorId).executeTakeFirst())
  )
    throw invalid(`scope.indicatorId: 指标 ${s.indicatorId} 不存在`)
  if (s.pillarId && !(await db.selectFrom('pillars').select('id').where('id', '=', s.pillarId).executeTakeFirst()))
    throw invalid(`scope.pillarId: 板块 ${s.pillarId} 不存在`)
  if (s.planId && !(await db.selectFrom('plans').select('id').where('id', '=', s.planId).executeTakeFirst()))
    throw invalid(`scope.planId: 规划 ${s.planId} 不存在`)
  if (
    s.jurisdictionCode &&
    !(await db.selectFrom('jurisdictions').select('code').where('code', '=', s.jurisdictionCode).executeTakeFirst())
  )
    throw invalid(`scope.jurisdictionCode: 行政区划 ${s.jurisdictionCode} 不存在`)
}

const assertAdmin = (p: Principal) => {
  if (p.role !== 'admin') throw forbidden('只有管理员可以管理告警规则')
}

/** The rules that can fire in the caller's scope: those limited to another jurisdiction are left out. */
export async function listRules(ctx: ServiceContext): Promise<AlertRule[]> {
  const scope = readScope(ctx.principal)
  return (await ctx.db.selectFrom('alert_rules').selectAll().orderBy('id').execute())
    .map(toRule)
    .filter((r) => !r.scope.jurisdictionCode || inScope(scope, r.scope.jurisdictionCode))
}

export async function createRule(ctx: ServiceContext, input: AlertRuleInput): Promise<AlertRule> {
  const { db, principal, requestId } = ctx
  assertAdmin(principal)
  await checkScope(db, input)
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('alert_rules')
      .values({ ...row(input), created_by: principal.userId })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      principal,
      { action: 'alert-rule.create', entity: 'alert_rule', entityId: created.id, after: toRule(created) },
      requestId,
    )
    return toRule(created)
  })
}

export async function updateRule(ctx: ServiceContext, id: number, input: AlertRuleInput): Promise<AlertRule> {
  const { db, principal, now, requestId } = ctx
  assertAdmin(principal)
  await checkScope(db, input)
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('alert_rules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`告警规则 ${id} `)
    const after = await trx
      .updateTable('alert_rules')
      .set({ ...row(input), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      principal,
      { action: 'alert-rule.update', entity: 'alert_rule', entityId: id, before: toRule(before), after: toRule(after) },
      requestId,
    )
    return toRule(after)
  })
}

export async function deleteRule(ctx: ServiceContext, id: number): Promise<void> {
  const { db, principal, requestId } = ctx
  assertAdmin(principal)
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst()
    if (!before) throw notFound(`告警规则 ${id} `)
    await trx.deleteFrom('alert_rules').where('id', '=', id).execute()
    await audit(
      trx,
      principal,
      { action: 'alert-rule.delete', entity: 'alert_rule', entityId: id, before: toRule(before) },
      requestId,
    )
  })
}
