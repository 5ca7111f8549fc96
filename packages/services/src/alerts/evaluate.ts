import { alertRuleKindLabels, isTaskAlertRuleKind, taskDisplayName, taskStageLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database } from '@cockpit/db'
import { alertFingerprint, daysBetween, taskAlertFingerprint } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { type StatusKey, statusSeriesKeys } from '../status/recompute.js'
import { conditionFor, taskConditionFor } from './condition-for-rule.js'
import { loadPairFacts, type PairFacts, pairKey } from './facts.js'
import type { NotificationGroup } from './plan-notifications.js'
import { parentMap, ruleApplies, taskRuleApplies } from './scope.js'
import { stepAll, type Work } from './step-instances.js'
import { consecutiveMissing, loadTaskFacts, type TaskFacts } from './task-facts.js'

export interface AlertEvent {
  type: 'alert'
  alertId: string
  state: 'firing' | 'resolved'
  severity: 'critical' | 'warning' | 'info'
  /** The subject: an indicator, or a task/milestone (exactly one is set). */
  indicatorId: number | null
  taskId: number | null
  jurisdictionCode: string
  summary: string
  at: string
}

export interface EvaluateResult {
  evaluated: number
  transitions: number
  opened: number
  resolved: number
  /** (user, channel) groups with notifications now owed: the caller schedules their delivery. */
  groups: NotificationGroup[]
  events: AlertEvent[]
}

const CHUNK = 200
const fmt = (n: number | null | undefined, unit: string) =>
  n === null || n === undefined ? '—' : `${Number(n.toFixed(2))}${unit}`

function summaryOf(rule: AlertRuleRow, f: PairFacts): string {
  const s = f.status
  const base = `${f.jurisdictionName} ${f.indicator.name} ${alertRuleKindLabels[rule.kind]}`
  if (rule.kind === 'missing-report')
    return `${base}(统计期 ${f.overdue?.periodKey ?? '—'},应于 ${f.overdue?.dueDate ?? '—'} 前报送)`
  if (rule.kind === 'forecast-miss') return `${base}:预测期末 ${fmt(s?.forecast, f.indicator.unit)}`
  return `${base}:当前 ${fmt(s?.latestValue, f.indicator.unit)},序时应达 ${fmt(s?.expected, f.indicator.unit)}`
}

function valuesOf(f: PairFacts): Record<string, unknown> {
  const s = f.status
  const final = f.targets.at(-1)
  return {
    value: s?.latestValue ?? null,
    expected: s?.expected ?? null,
    gap: s?.gap ?? null,
    gapRatio: s?.gapRatio ?? null,
    forecast: s?.forecast ?? null,
    status: s?.status ?? 'no-data',
    period: s?.latestPeriodKey ?? null,
    unit: f.indicator.unit,
    target: final
      ? { comparator: final.comparator, value: final.value, valueMax: final.valueMax, year: final.year }
      : null,
    deadline: final?.dueDate ?? null,
    overduePeriod: f.overdue?.periodKey ?? null,
  }
}

/** What a task alert says: where, which task, what is wrong, and the figures that show it. */
function taskSummaryOf(rule: AlertRuleRow, f: TaskFacts, asOf: string): string {
  const base = `${f.jurisdictionName} ${taskDisplayName(f.task)} ${alertRuleKindLabels[rule.kind]}`
  const lead = f.lead ? `,牵头单位 ${f.lead.name}` : ''
  if (rule.kind === 'milestone-overdue') {
    const days = Math.max(0, daysBetween(f.dueDate, asOf))
    return `${base}:应于 ${f.dueDate} 前完成,已逾期 ${days} 天${f.pendingClaim ? '(完成申请待销号审核)' : ''}${lead}`
  }
  if (rule.kind === 'milestone-at-risk') {
    const stage = f.latestStage ? taskStageLabels[f.latestStage] : '未报送进展'
    return `${base}:${f.dueDate} 到期(剩 ${Math.max(0, daysBetween(asOf, f.dueDate))} 天),最新进展:${stage}${lead}`
  }
  const missing = consecutiveMissing(f.duePeriods)
  return `${base}:已连续 ${missing} 期未报送进展(最近应报 ${f.duePeriods[0]?.periodKey ?? '—'})${lead}`
}

function taskValuesOf(f: TaskFacts, asOf: string): Record<string, unknown> {
  return {
    subject: 'task',
    taskId: f.task.id,
    taskKind: f.task.kind,
    dueDate: f.dueDate,
    completedOn: f.completedOn,
    daysOverdue: f.completedOn === null && asOf > f.dueDate ? daysBetween(f.dueDate, asOf) : null,
    daysLeft: f.completedOn === null && asOf <= f.dueDate ? daysBetween(asOf, f.dueDate) : null,
    stage: f.latestStage,
    reason: f.latestReason,
    pendingClaim: f.pendingClaim,
    missingPeriods: consecutiveMissing(f.duePeriods),
    latestDuePeriod: f.duePeriods[0]?.periodKey ?? null,
    lead: f.lead?.name ?? null,
    deadline: f.dueDate,
  }
}

/**
 * Evaluates every enabled rule for the given (indicator, jurisdiction) pairs, or all of them: steps each
 * rule × pair's state machine, keeps its history, opens and resolves alerts, and records the
 * notifications owed. Instance rows are locked, so evaluations running at once in several workers
 * produce one alert and one notification. 'all' (the periodic run) covers tasks and milestones too.
 */
export async function evaluateAlerts(
  db: Kysely<Database>,
  keys: StatusKey[] | 'all',
  ctx: { now: Date; asOf: string },
): Promise<EvaluateResult> {
  const result: EvaluateResult = { evaluated: 0, transitions: 0, opened: 0, resolved: 0, groups: [], events: [] }
  const all = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', true).orderBy('id').execute()
  const rules = all.filter((r) => !isTaskAlertRuleKind(r.kind))
  if (rules.length) {
    const pairs = keys === 'all' ? await statusSeriesKeys(db) : keys
    const unique = [...new Map(pairs.map((k) => [pairKey(k), k])).values()]
    const parents = await parentMap(db)
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK)
      await db.transaction().execute(async (trx) => {
        const facts = await loadPairFacts(trx, chunk, { lastTwo: rules.some((r) => r.kind === 'sudden-change') })
        const work: Work[] = []
        for (const key of chunk) {
          const f = facts.get(pairKey(key))
          if (!f) continue
          for (const rule of rules)
            if (
              ruleApplies(
                rule,
                {
                  id: f.indicator.id,
                  planId: f.indicator.planId,
                  pillarId: f.indicator.pillarId,
                  nature: f.indicator.nature,
                },
                key.jurisdictionCode,
                parents,
              )
            )
              work.push({
                rule,
                fingerprint: alertFingerprint({
                  ruleId: rule.id,
                  indicatorId: key.indicatorId,
                  jurisdictionCode: key.jurisdictionCode,
                }),
                indicatorId: key.indicatorId,
                taskId: null,
                jurisdictionCode: key.jurisdictionCode,
                subject: {
                  indicatorId: f.indicator.id,
                  taskId: null,
                  pillarId: f.indicator.pillarId,
                  name: f.indicator.name,
                },
                evaluate: () => conditionFor(rule, f, ctx.asOf),
                values: () => valuesOf(f),
                summary: () => summaryOf(rule, f),
              })
        }
        await stepAll(trx, work, parents, ctx, result)
      })
    }
  }
  if (keys === 'all') merge(result, await evaluateTaskAlerts(db, 'all', ctx, all))
  return result
}

/**
 * The same for tasks and milestones (the task rule kinds): after a progress report, a completion claim
 * or a verification decision for the tasks named, and for all of them in the periodic run.
 */
export async function evaluateTaskAlerts(
  db: Kysely<Database>,
  taskIds: number[] | 'all',
  ctx: { now: Date; asOf: string },
  loadedRules?: AlertRuleRow[],
): Promise<EvaluateResult> {
  const result: EvaluateResult = { evaluated: 0, transitions: 0, opened: 0, resolved: 0, groups: [], events: [] }
  const rules = (
    loadedRules ?? (await db.selectFrom('alert_rules').selectAll().where('enabled', '=', true).orderBy('id').execute())
  ).filter((r) => isTaskAlertRuleKind(r.kind))
  if (rules.length === 0 || (taskIds !== 'all' && taskIds.length === 0)) return result
  const ids =
    taskIds === 'all'
      ? (await db.selectFrom('tasks').select('id').orderBy('id').execute()).map((t) => t.id)
      : [...new Set(taskIds)].sort((a, b) => a - b)
  const parents = await parentMap(db)
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    await db.transaction().execute(async (trx) => {
      const facts = await loadTaskFacts(trx, chunk, ctx.asOf)
      const work: Work[] = []
      for (const f of facts.values())
        for (const rule of rules)
          if (
            taskRuleApplies(
              rule,
              { kind: f.task.kind, planId: f.task.planId, pillarId: f.task.pillarId },
              f.jurisdictionCode,
              parents,
            )
          )
            work.push({
              rule,
              fingerprint: taskAlertFingerprint({
                ruleId: rule.id,
                taskId: f.task.id,
                jurisdictionCode: f.jurisdictionCode,
              }),
              indicatorId: null,
              taskId: f.task.id,
              jurisdictionCode: f.jurisdictionCode,
              subject: {
                indicatorId: null,
                taskId: f.task.id,
                pillarId: f.task.pillarId,
                name: taskDisplayName(f.task),
              },
              evaluate: () => taskConditionFor(rule, f, ctx.asOf),
              values: () => taskValuesOf(f, ctx.asOf),
              summary: () => taskSummaryOf(rule, f, ctx.asOf),
            })
      await stepAll(trx, work, parents, ctx, result)
    })
  }
  return result
}

function merge(into: EvaluateResult, from: EvaluateResult) {
  into.evaluated += from.evaluated
  into.transitions += from.transitions
  into.opened += from.opened
  into.resolved += from.resolved
  into.groups.push(...from.groups)
  into.events.push(...from.events)
}

/** The rule states that are not normal, e.g. pending ones managers may want to watch. */
export async function activeAlertStates(db: Kysely<Database>) {
  return sql<{
    fingerprint: string
    rule_id: number
    indicator_id: number | null
    task_id: number | null
    jurisdiction_code: string
    state: string
    last_evaluated_at: Date
  }>`
    select fingerprint, rule_id, indicator_id, task_id, jurisdiction_code, state, last_evaluated_at from alert_instances where state <> 'normal' order by last_evaluated_at desc limit 500`
    .execute(db)
    .then((r) => r.rows)
}
