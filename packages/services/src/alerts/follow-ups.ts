import { taskDisplayName } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { anyInt, anyText } from '../kernel/any-of.js'
import { alertsWithSubject } from './alert-rows.js'
import { type NotificationGroup, planNotificationsFor } from './plan-notifications.js'
import { parentMap } from './scope.js'
import { activeSilences, silenceMatches } from './silences.js'

// Alerts per transaction: the escalations' claims and the chunk's notifications commit together.
const CHUNK = 500

/**
 * The clock's part of noise control: a still-firing, unacknowledged alert is repeated once per the
 * rule's repeat interval, and a critical one nobody acknowledged within escalate_after goes up a level
 * (the managers of the parent jurisdiction, else the admins). Silences, people and subscriptions are read once
 * per chunk of alerts, not once per alert: a country can have tens of thousands firing.
 */
export async function repeatsAndEscalations(db: Kysely<Database>, now: Date): Promise<NotificationGroup[]> {
  const parents = await parentMap(db)
  const firing = await alertsWithSubject(db)
    .selectAll('r')
    .select([
      'a.id as alert_id',
      'a.started_at',
      'a.last_notified_at',
      'a.escalated_at',
      'a.jurisdiction_code as alert_jurisdiction',
      'a.severity as alert_severity',
      'a.indicator_id as ind_id',
      'i.pillar_id as ind_pillar',
      'i.name as ind_name',
      'a.task_id',
      't.kind as task_kind',
      't.number as task_number',
      't.title as task_title',
      't.pillar_id as task_pillar',
    ])
    .where('a.state', '=', 'firing')
    .where('a.acknowledged_at', 'is', null)
    .orderBy('a.id')
    .execute()
  const silences = await activeSilences(db, now)
  const due = firing.flatMap((a) => {
    const labels = {
      ruleId: a.id,
      indicatorId: a.ind_id,
      taskId: a.task_id,
      jurisdictionCode: a.alert_jurisdiction,
      severity: a.alert_severity,
      kind: a.kind,
    }
    if (silences.some((s) => silenceMatches(s.matchers, labels, parents))) return []
    const elapsed = now.getTime() - a.started_at.getTime()
    const sequence = Math.floor(elapsed / (a.repeat_interval_seconds * 1000))
    const escalate = a.escalate_after_seconds !== null && !a.escalated_at && elapsed >= a.escalate_after_seconds * 1000
    return sequence >= 1 || escalate ? [{ a, sequence, escalate }] : []
  })
  if (due.length === 0) return []

  // Who hears an escalation: the managers of the parent jurisdiction, else the admins.
  const parentCodes = [
    ...new Set(due.flatMap((d) => (d.escalate ? [parents.get(d.a.alert_jurisdiction) ?? null] : []))),
  ]
  const [managers, admins] = due.some((d) => d.escalate)
    ? await Promise.all([
        parentCodes.some((c) => c !== null)
          ? db
              .selectFrom('user_jurisdictions as uj')
              .innerJoin('users as u', 'u.id', 'uj.user_id')
              .select(['u.id', 'uj.jurisdiction_code'])
              .where('uj.jurisdiction_code', '=', anyText(parentCodes.filter((c): c is string => c !== null)))
              .where('u.role', '=', 'manager')
              .where('u.disabled_at', 'is', null)
              .execute()
          : [],
        db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute(),
      ])
    : [[], []]
  const recipientsAt = (code: string) => {
    const parent = parents.get(code) ?? null
    const here = parent ? managers.filter((m) => m.jurisdiction_code === parent).map((m) => m.id) : []
    return here.length ? here : admins.map((u) => u.id)
  }

  const groups: NotificationGroup[] = []
  for (let i = 0; i < due.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK)
    groups.push(
      ...(await db.transaction().execute(async (trx) => {
        // An escalation is claimed once: a second run (or a second worker) finds escalated_at set.
        const escalating = chunk.filter((d) => d.escalate).map((d) => d.a.alert_id)
        const claimed = new Set(
          escalating.length
            ? (
                await trx
                  .updateTable('alerts')
                  .set({ escalated_at: now })
                  .where('id', '=', anyInt(escalating))
                  .where('escalated_at', 'is', null)
                  .returning('id')
                  .execute()
              ).map((r) => String(r.id))
            : [],
        )
        const events = chunk.flatMap(({ a, sequence }) => {
          const rule = { ...a, id: a.id }
          // An indicator's alert, or a task's (both ways through the same repeats and escalation).
          const subject =
            a.task_id !== null && a.task_kind !== null && a.task_title !== null
              ? {
                  indicatorId: null,
                  taskId: a.task_id,
                  pillarId: a.task_pillar,
                  name: taskDisplayName({ kind: a.task_kind, number: a.task_number, title: a.task_title }),
                }
              : { indicatorId: a.ind_id, taskId: null, pillarId: a.ind_pillar, name: a.ind_name ?? '' }
          const event = { alertId: a.alert_id, rule, subject, jurisdictionCode: a.alert_jurisdiction }
          return [
            ...(sequence >= 1 ? [{ ...event, kind: 'repeat' as const, sequence }] : []),
            ...(claimed.has(String(a.alert_id))
              ? [{ ...event, kind: 'escalation' as const, recipients: recipientsAt(a.alert_jurisdiction) }]
              : []),
          ]
        })
        return planNotificationsFor(trx, events, { parents, now })
      })),
    )
  }
  return groups
}

/** Pending notifications overdue by a minute (their group job was lost) and batches stuck in sending. */
export async function stalledNotifications(
  db: Kysely<Database>,
  now: Date,
): Promise<{ groups: NotificationGroup[]; batches: string[] }> {
  const minuteAgo = new Date(now.getTime() - 60_000)
  const pending = await db
    .selectFrom('notifications')
    .select(['user_id', 'channel_id'])
    .distinct()
    .where('status', '=', 'pending')
    .where('due_at', '<', minuteAgo)
    .where('channel_id', 'is not', null)
    .execute()
  const sending = await db
    .selectFrom('notifications')
    .select('batch_id')
    .distinct()
    .where('status', '=', 'sending')
    .where('due_at', '<', new Date(now.getTime() - 10 * 60_000))
    .execute()
  return {
    groups: pending.flatMap((p) =>
      p.user_id !== null && p.channel_id !== null ? [{ userId: p.user_id, channelId: p.channel_id, dueAt: now }] : [],
    ),
    batches: sending.flatMap((s) => (s.batch_id ? [s.batch_id] : [])),
  }
}
