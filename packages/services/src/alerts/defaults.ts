import type { AlertRuleInput } from '@cockpit/contracts'
import { AlertRuleInput as Schema } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

/**
 * The rules a new installation starts with: tuned so the demo fires a realistic handful (binding targets
 * slipping, sustained lags, late reports), not one alert per indicator.
 */
const defaults: AlertRuleInput[] = [
  {
    name: '约束性指标进度滞后',
    severity: 'critical',
    params: { kind: 'binding-off-track' },
    scope: { includeDescendants: true, bindingOnly: true },
    forPeriods: 1,
    escalateAfterSeconds: 3 * 86_400,
  },
  {
    name: '连续两期低于序时进度',
    severity: 'warning',
    params: {
      kind: 'below-path',
      tolerance: { mode: 'remaining-percent', value: 25 },
      recovery: { mode: 'remaining-percent', value: 10 },
    },
    scope: { includeDescendants: true, bindingOnly: false },
    forPeriods: 2,
  },
  {
    name: '预测期末无法达成约束性目标',
    severity: 'critical',
    params: { kind: 'forecast-miss', marginPercent: 10, minObservations: 4 },
    scope: { includeDescendants: true, bindingOnly: true },
    forPeriods: 2,
  },
  {
    name: '逾期未报送',
    severity: 'warning',
    params: { kind: 'missing-report', graceDays: 15 },
    scope: { includeDescendants: true, bindingOnly: false },
  },
  {
    name: '约束性指标目标已达成',
    severity: 'info',
    params: { kind: 'target-reached' },
    scope: { includeDescendants: true, bindingOnly: true },
  },
  // 重点任务督办: the same three an installation that already had rules gains in migration 20261202T1200.
  {
    name: '里程碑逾期未完成',
    severity: 'critical',
    params: { kind: 'milestone-overdue' },
    scope: { includeDescendants: true, bindingOnly: false },
    escalateAfterSeconds: 3 * 86_400,
  },
  {
    name: '里程碑临期仍未启动或滞后',
    severity: 'warning',
    params: { kind: 'milestone-at-risk', withinDays: 30 },
    scope: { includeDescendants: true, bindingOnly: false },
  },
  {
    name: '重点任务连续两期未报进展',
    severity: 'warning',
    params: { kind: 'task-report-missing', periods: 2 },
    scope: { includeDescendants: true, bindingOnly: false },
  },
].map((r) => Schema.parse(r))

/** Inserts the default rules once, into an installation that has no rules yet. */
export async function ensureDefaultAlertRules(db: Kysely<Database>): Promise<number> {
  const existing = await db.selectFrom('alert_rules').select('id').limit(1).execute()
  if (existing.length) return 0
  await db
    .insertInto('alert_rules')
    .values(
      defaults.map((d) => ({
        name: d.name,
        kind: d.params.kind,
        severity: d.severity,
        enabled: d.enabled,
        include_descendants: d.scope.includeDescendants,
        binding_only: d.scope.bindingOnly,
        indicator_id: null,
        pillar_id: null,
        plan_id: null,
        jurisdiction_code: null,
        params: JSON.stringify(d.params),
        for_seconds: d.forSeconds,
        for_periods: d.forPeriods,
        keep_firing_seconds: d.keepFiringSeconds,
        no_data: d.noData,
        group_wait_seconds: d.groupWaitSeconds,
        group_interval_seconds: d.groupIntervalSeconds,
        repeat_interval_seconds: d.repeatIntervalSeconds,
        escalate_after_seconds: d.escalateAfterSeconds,
        created_by: null,
      })),
    )
    .execute()
  return defaults.length
}
