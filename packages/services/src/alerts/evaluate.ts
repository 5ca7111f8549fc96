import { alertRuleKindLabels, severityLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database } from '@cockpit/db'
import { alertFingerprint, type AlertMemory, initialMemory, step } from '@cockpit/domain'
import { type Kysely, sql, type Transaction } from 'kysely'
import { allStatusKeys, type StatusKey } from '../status/recompute.js'
import { conditionFor } from './condition-for-rule.js'
import { loadPairFacts, type PairFacts, pairKey } from './facts.js'
import { type NotificationGroup, planNotifications } from './plan-notifications.js'
import { ruleApplies } from './scope.js'

export interface AlertEvent {
  type: 'alert'
  alertId: string
  state: 'firing' | 'resolved'
  severity: 'critical' | 'warning' | 'info'
  indicatorId: number
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
const fmt = (n: number | null | undefined, unit: string) => (n === null || n === undefined ? '—' : `${Number(n.toFixed(2))}${unit}`)

function summaryOf(rule: AlertRuleRow, f: PairFacts): string {
  const s = f.status
  const base = `${f.jurisdictionName} ${f.indicator.name} ${alertRuleKindLabels[rule.kind]}`
  if (rule.kind === 'missing-report') return `${base}(统计期 ${f.overdue?.periodKey ?? '—'},应于 ${f.overdue?.dueDate ?? '—'} 前报送)`
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
    target: final ? { comparator: final.comparator, value: final.value, valueMax: final.valueMax, year: final.year } : null,
    deadline: final?.dueDate ?? null,
    overduePeriod: f.overdue?.periodKey ?? null,
  }
}

/**
 * Evaluates every enabled rule for the given (indicator, jurisdiction) pairs, or all of them: steps each
 * rule × pair's state machine, keeps its history, opens and resolves alerts, and records the
 * notifications owed. Instance rows are locked, so evaluations running at once in several workers
 * produce one alert and one notification.
 */
export async function evaluateAlerts(db: Kysely<Database>, keys: StatusKey[] | 'all', ctx: { now: Date; asOf: string }): Promise<EvaluateResult> {
  const result: EvaluateResult = { evaluated: 0, transitions: 0, opened: 0, resolved: 0, groups: [], events: [] }
  const rules = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', true).orderBy('id').execute()
  if (rules.length === 0) return result
  const pairs = keys === 'all' ? await allStatusKeys(db) : keys
  const unique = [...new Map(pairs.map((k) => [pairKey(k), k])).values()]
  const parents = new Map((await db.selectFrom('jurisdictions').select(['code', 'parent_code']).execute()).map((j) => [j.code, j.parent_code]))
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK)
    await db.transaction().execute(async (trx) => {
      const facts = await loadPairFacts(trx, chunk)
      await evaluateChunk(trx, rules, chunk, facts, parents, ctx, result)
    })
  }
  return result
}

async function evaluateChunk(
  trx: Transaction<Database>,
  rules: AlertRuleRow[],
  chunk: StatusKey[],
  facts: Map<string, PairFacts>,
  parents: Map<string, string | null>,
  ctx: { now: Date; asOf: string },
  result: EvaluateResult,
) {
  const nowIso = ctx.now.toISOString()
  const work: { rule: AlertRuleRow; key: StatusKey; facts: PairFacts; fingerprint: string }[] = []
  for (const key of chunk) {
    const f = facts.get(pairKey(key))
    if (!f) continue
    for (const rule of rules)
      if (ruleApplies(rule, { id: f.indicator.id, planId: f.indicator.planId, pillarId: f.indicator.pillarId, nature: f.indicator.nature }, key.jurisdictionCode, parents))
        work.push({ rule, key, facts: f, fingerprint: alertFingerprint({ ruleId: rule.id, indicatorId: key.indicatorId, jurisdictionCode: key.jurisdictionCode }) })
  }
  if (work.length === 0) return
  await trx
    .insertInto('alert_instances')
    .values(
      work.map((w) => ({
        rule_id: w.rule.id,
        indicator_id: w.key.indicatorId,
        jurisdiction_code: w.key.jurisdictionCode,
        fingerprint: w.fingerprint,
        state: 'normal' as const,
        memory: JSON.stringify(initialMemory(nowIso)),
        last_values: null,
      })),
    )
    .onConflict((oc) => oc.columns(['rule_id', 'indicator_id', 'jurisdiction_code']).doNothing())
    .execute()
  // Row locks in fingerprint order: two evaluators of the same pairs queue up instead of both notifying.
  const instances = await trx
    .selectFrom('alert_instances')
    .selectAll()
    .where('fingerprint', 'in', work.map((w) => w.fingerprint))
    .orderBy('fingerprint')
    .forUpdate()
    .execute()
  const byFp = new Map(instances.map((r) => [r.fingerprint, r]))

  for (const w of work) {
    const inst = byFp.get(w.fingerprint)
    if (!inst) continue
    result.evaluated++
    const memory = inst.memory as AlertMemory
    const ev = conditionFor(w.rule, w.facts, ctx.asOf)
    const { memory: next, transition } = step(memory, ev, nowIso, {
      forMs: w.rule.for_seconds * 1000,
      forPeriods: w.rule.for_periods,
      keepFiringMs: w.rule.keep_firing_seconds * 1000,
      noData: w.rule.no_data,
    })
    const values = valuesOf(w.facts)
    let alertId = inst.current_alert_id
    if (transition?.notify === 'firing') {
      const severity = w.rule.severity
      const summary = summaryOf(w.rule, w.facts)
      const opened = await trx
        .insertInto('alerts')
        .values({
          fingerprint: w.fingerprint,
          episode: next.episode,
          rule_id: w.rule.id,
          indicator_id: w.key.indicatorId,
          jurisdiction_code: w.key.jurisdictionCode,
          severity,
          state: 'firing',
          summary,
          values: JSON.stringify(values),
          started_at: ctx.now,
          resolved_at: null,
          acknowledged_at: null,
          acknowledged_by: null,
          assigned_to: null,
          escalated_at: null,
          last_notified_at: null,
        })
        .onConflict((oc) => oc.columns(['fingerprint', 'episode']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (opened) {
        alertId = opened.id
        result.opened++
        result.events.push({ type: 'alert', alertId, state: 'firing', severity, indicatorId: w.key.indicatorId, jurisdictionCode: w.key.jurisdictionCode, summary: `【${severityLabels[severity]}】${summary}`, at: nowIso })
        result.groups.push(...(await planNotifications(trx, { alertId, kind: 'firing', rule: w.rule, indicator: w.facts.indicator, jurisdictionCode: w.key.jurisdictionCode, parents, now: ctx.now })))
      }
    } else if (transition?.notify === 'resolved' && alertId) {
      const resolved = await trx
        .updateTable('alerts')
        .set({ state: 'resolved', resolved_at: ctx.now, values: JSON.stringify(values) })
        .where('id', '=', alertId)
        .where('state', '=', 'firing')
        .returning(['id', 'severity', 'summary'])
        .executeTakeFirst()
      if (resolved) {
        result.resolved++
        result.events.push({ type: 'alert', alertId, state: 'resolved', severity: resolved.severity, indicatorId: w.key.indicatorId, jurisdictionCode: w.key.jurisdictionCode, summary: `【已恢复】${resolved.summary}`, at: nowIso })
        result.groups.push(...(await planNotifications(trx, { alertId, kind: 'resolved', rule: w.rule, indicator: w.facts.indicator, jurisdictionCode: w.key.jurisdictionCode, parents, now: ctx.now })))
      }
      alertId = null
    } else if (alertId && (next.state === 'firing' || next.state === 'recovering')) {
      await trx.updateTable('alerts').set({ values: JSON.stringify(values) }).where('id', '=', alertId).execute()
    }
    if (transition) {
      result.transitions++
      await trx
        .insertInto('alert_transitions')
        .values({
          fingerprint: w.fingerprint,
          rule_id: w.rule.id,
          indicator_id: w.key.indicatorId,
          jurisdiction_code: w.key.jurisdictionCode,
          alert_id: alertId ?? inst.current_alert_id,
          from_state: transition.from,
          to_state: transition.to,
          values: JSON.stringify({ ...values, evaluation: ev.kind }),
          at: ctx.now,
        })
        .execute()
    }
    await trx
      .updateTable('alert_instances')
      .set({ state: next.state, memory: JSON.stringify(next), current_alert_id: alertId, last_values: JSON.stringify(values), last_evaluated_at: ctx.now })
      .where('fingerprint', '=', w.fingerprint)
      .execute()
  }
}

/** The rule states that are not normal, e.g. pending ones managers may want to watch. */
export async function activeAlertStates(db: Kysely<Database>) {
  return sql<{ fingerprint: string; rule_id: number; indicator_id: number; jurisdiction_code: string; state: string; last_evaluated_at: Date }>`
    select fingerprint, rule_id, indicator_id, jurisdiction_code, state, last_evaluated_at from alert_instances where state <> 'normal' order by last_evaluated_at desc limit 500`
    .execute(db)
    .then((r) => r.rows)
}
