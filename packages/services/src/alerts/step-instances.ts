import { severityLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database } from '@cockpit/db'
import { type AlertMemory, type Evaluation, initialMemory, step } from '@cockpit/domain'
import { sql, type Transaction } from 'kysely'
import { anyText } from '../kernel/any-of.js'
import type { AlertEvent, EvaluateResult } from './evaluate.js'
import { type AlertEventInput, type AlertSubject, planNotificationsFor } from './plan-notifications.js'
import type { ParentMap } from './scope.js'

/** One rule × subject to step: its identity, what the condition says now, and what an alert would show. */
export interface Work {
  rule: AlertRuleRow
  fingerprint: string
  indicatorId: number | null
  taskId: number | null
  jurisdictionCode: string
  subject: AlertSubject
  evaluate: () => Evaluation
  values: () => Record<string, unknown>
  summary: () => string
}

// Rows per statement: the multi-row inserts stay far below PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 1000

async function inSlices<T>(rows: T[], write: (slice: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await write(rows.slice(i, i + ROWS_PER_STATEMENT))
}

/**
 * Steps each rule × subject's state machine in the caller's transaction, whatever the subject, with a few
 * set-based statements for the whole chunk instead of a handful per subject: a first pass over a country opens
 * tens of thousands of alerts. The per-subject outcome is the one-at-a-time one: the instance rows are locked
 * in fingerprint order before anything is decided, so two evaluators of the same subjects queue up; an episode
 * opens once (the alert's (fingerprint, episode) is unique and only the insert that wrote the row notifies);
 * a resolution notifies only when its update found the alert still firing.
 */
export async function stepAll(
  trx: Transaction<Database>,
  work: Work[],
  parents: ParentMap,
  ctx: { now: Date; asOf: string },
  result: EvaluateResult,
) {
  if (work.length === 0) return
  const nowIso = ctx.now.toISOString()
  // Subjects seen for the first time get their row (a concurrent evaluator's insert wins); a pass in the steady
  // state finds every row and inserts nothing. No row is locked yet, so inserts never wait behind held locks.
  const existing = await trx
    .selectFrom('alert_instances')
    .select('fingerprint')
    .where('fingerprint', '=', anyText(work.map((w) => w.fingerprint)))
    .execute()
  const known = new Set(existing.map((r) => r.fingerprint))
  await inSlices(
    work.filter((w) => !known.has(w.fingerprint)),
    (slice) =>
      trx
        .insertInto('alert_instances')
        .values(
          slice.map((w) => ({
            rule_id: w.rule.id,
            indicator_id: w.indicatorId,
            task_id: w.taskId,
            jurisdiction_code: w.jurisdictionCode,
            fingerprint: w.fingerprint,
            state: 'normal' as const,
            memory: JSON.stringify(initialMemory(nowIso)),
            last_values: null,
          })),
        )
        .onConflict((oc) => oc.column('fingerprint').doNothing())
        .execute(),
  )
  // Row locks in fingerprint order: two evaluators of the same subjects queue up instead of both notifying.
  const instances = await trx
    .selectFrom('alert_instances')
    .selectAll()
    .where('fingerprint', '=', anyText(work.map((w) => w.fingerprint)))
    .orderBy('fingerprint')
    .forUpdate()
    .execute()
  const byFp = new Map(instances.map((r) => [r.fingerprint, r]))

  // Each subject's step, decided in memory from its locked row.
  const steps = work.flatMap((w) => {
    const inst = byFp.get(w.fingerprint)
    if (!inst) return []
    const ev = w.evaluate()
    const { memory: next, transition } = step(inst.memory as AlertMemory, ev, nowIso, {
      forMs: w.rule.for_seconds * 1000,
      forPeriods: w.rule.for_periods,
      keepFiringMs: w.rule.keep_firing_seconds * 1000,
      noData: w.rule.no_data,
    })
    return [{ w, inst, ev, next, transition, values: w.values(), alertId: inst.current_alert_id as string | null }]
  })
  result.evaluated += steps.length

  // Episodes that open: one multi-row insert; a row another evaluator wrote first is not ours to announce.
  const opening = steps.filter((s) => s.transition?.notify === 'firing')
  const summaries = new Map(opening.map((s) => [s.w.fingerprint, s.w.summary()]))
  const opened = new Map<string, string>()
  await inSlices(opening, async (slice) => {
    const rows = await trx
      .insertInto('alerts')
      .values(
        slice.map((s) => ({
          fingerprint: s.w.fingerprint,
          episode: s.next.episode,
          rule_id: s.w.rule.id,
          indicator_id: s.w.indicatorId,
          task_id: s.w.taskId,
          jurisdiction_code: s.w.jurisdictionCode,
          severity: s.w.rule.severity,
          state: 'firing' as const,
          summary: summaries.get(s.w.fingerprint)!,
          values: JSON.stringify(s.values),
          started_at: ctx.now,
          resolved_at: null,
          acknowledged_at: null,
          acknowledged_by: null,
          assigned_to: null,
          escalated_at: null,
          last_notified_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['fingerprint', 'episode']).doNothing())
      .returning(['id', 'fingerprint'])
      .execute()
    for (const r of rows) opened.set(r.fingerprint, r.id)
  })

  // Episodes that close: only an alert still firing is resolved (and announced).
  const closing = steps.filter((s) => s.transition?.notify === 'resolved' && s.alertId)
  const resolved = new Map<string, { severity: 'critical' | 'warning' | 'info'; summary: string }>()
  await inSlices(closing, async (slice) => {
    const rows = await sql<{ id: string; severity: 'critical' | 'warning' | 'info'; summary: string }>`
      update alerts a set state = 'resolved', resolved_at = ${ctx.now}, values = v.values
        from unnest(${slice.map((s) => s.alertId)}::bigint[], ${slice.map((s) => JSON.stringify(s.values))}::jsonb[])
          as v(id, values)
       where a.id = v.id and a.state = 'firing'
      returning a.id, a.severity, a.summary`.execute(trx)
    for (const r of rows.rows) resolved.set(String(r.id), r)
  })

  // Open episodes that carry on show the newest figures.
  const refreshing = steps.filter(
    (s) => !s.transition?.notify && s.alertId && (s.next.state === 'firing' || s.next.state === 'recovering'),
  )
  await inSlices(refreshing, (slice) =>
    sql`
      update alerts a set values = v.values
        from unnest(${slice.map((s) => s.alertId)}::bigint[], ${slice.map((s) => JSON.stringify(s.values))}::jsonb[])
          as v(id, values)
       where a.id = v.id`.execute(trx),
  )

  // The events, history rows and notifications in the subjects' order, as one-at-a-time stepping gave them.
  const notifications: AlertEventInput[] = []
  const transitions = []
  for (const s of steps) {
    const { w, transition } = s
    const subject = { indicatorId: w.indicatorId, taskId: w.taskId, jurisdictionCode: w.jurisdictionCode }
    const previous = s.inst.current_alert_id as string | null
    if (transition?.notify === 'firing') {
      const id = opened.get(w.fingerprint)
      if (id !== undefined) {
        s.alertId = id
        result.opened++
        result.events.push(
          event(
            id,
            'firing',
            w.rule.severity,
            subject,
            `【${severityLabels[w.rule.severity]}】${summaries.get(w.fingerprint)}`,
            nowIso,
          ),
        )
        notifications.push(notice(id, 'firing', w))
      }
    } else if (transition?.notify === 'resolved' && s.alertId) {
      const r = resolved.get(String(s.alertId))
      if (r) {
        result.resolved++
        result.events.push(event(s.alertId, 'resolved', r.severity, subject, `【已恢复】${r.summary}`, nowIso))
        notifications.push(notice(s.alertId, 'resolved', w))
      }
      s.alertId = null
    }
    if (transition) {
      result.transitions++
      transitions.push({
        fingerprint: w.fingerprint,
        rule_id: w.rule.id,
        indicator_id: w.indicatorId,
        task_id: w.taskId,
        jurisdiction_code: w.jurisdictionCode,
        alert_id: s.alertId ?? previous,
        from_state: transition.from,
        to_state: transition.to,
        values: JSON.stringify({ ...s.values, evaluation: s.ev.kind }),
        at: ctx.now,
      })
    }
  }
  await inSlices(transitions, (slice) => trx.insertInto('alert_transitions').values(slice).execute())
  await inSlices(steps, (slice) =>
    sql`
      update alert_instances i
         set state = v.state, memory = v.memory, current_alert_id = v.alert_id, last_values = v.last_values,
             last_evaluated_at = ${ctx.now}
        from unnest(
          ${slice.map((s) => s.w.fingerprint)}::text[],
          ${slice.map((s) => s.next.state)}::text[],
          ${slice.map((s) => JSON.stringify(s.next))}::jsonb[],
          ${slice.map((s) => s.alertId)}::bigint[],
          ${slice.map((s) => JSON.stringify(s.values))}::jsonb[]
        ) as v(fingerprint, state, memory, alert_id, last_values)
       where i.fingerprint = v.fingerprint`.execute(trx),
  )
  result.groups.push(...(await planNotificationsFor(trx, notifications, { parents, now: ctx.now })))
}

function event(
  alertId: string,
  state: 'firing' | 'resolved',
  severity: 'critical' | 'warning' | 'info',
  subject: { indicatorId: number | null; taskId: number | null; jurisdictionCode: string },
  summary: string,
  at: string,
): AlertEvent {
  return { type: 'alert', alertId, state, severity, ...subject, summary, at }
}

const notice = (alertId: string, kind: 'firing' | 'resolved', w: Work): AlertEventInput => ({
  alertId,
  kind,
  rule: w.rule,
  subject: w.subject,
  jurisdictionCode: w.jurisdictionCode,
})
