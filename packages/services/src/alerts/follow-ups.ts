import { taskDisplayName } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { type NotificationGroup, planNotifications } from './plan-notifications.js'
import { alertsWithSubject } from './alert-rows.js'
import { parentMap } from './scope.js'
import { isSilenced } from './silences.js'

/**
 * The clock's part of noise control: a still-firing, unacknowledged alert is repeated once per the
 * rule's repeat interval, and a critical one nobody acknowledged within escalate_after goes up a level
 * (the managers of the parent jurisdiction, else the admins).
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
    .execute()
  const groups: NotificationGroup[] = []
  for (const a of firing) {
    const labels = {
      ruleId: a.id,
      indicatorId: a.ind_id,
      taskId: a.task_id,
      jurisdictionCode: a.alert_jurisdiction,
      severity: a.alert_severity,
      kind: a.kind,
    }
    if (await isSilenced(db, labels, parents, now)) continue
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
    const elapsed = now.getTime() - a.started_at.getTime()
    const sequence = Math.floor(elapsed / (a.repeat_interval_seconds * 1000))
    if (sequence >= 1)
      groups.push(
        ...(await db.transaction().execute((trx) =>
          planNotifications(trx, {
            alertId: a.alert_id,
            kind: 'repeat',
            rule,
            subject,
            jurisdictionCode: a.alert_jurisdiction,
            parents,
            now,
            sequence,
          }),
        )),
      )
    if (a.escalate_after_seconds !== null && !a.escalated_at && elapsed >= a.escalate_after_seconds * 1000) {
      const parent = parents.get(a.alert_jurisdiction) ?? null
      const managers = parent
        ? await db
            .selectFrom('user_jurisdictions as uj')
            .innerJoin('users as u', 'u.id', 'uj.user_id')
            .select('u.id')
            .where('uj.jurisdiction_code', '=', parent)
            .where('u.role', '=', 'manager')
            .where('u.disabled_at', 'is', null)
            .execute()
        : []
      const recipients = managers.length
        ? managers.map((m) => m.id)
        : (
            await db
              .selectFrom('users')
              .select('id')
              .where('role', '=', 'admin')
              .where('disabled_at', 'is', null)
              .execute()
          ).map((u) => u.id)
      groups.push(
        ...(await db.transaction().execute(async (trx) => {
          const claimed = await trx
            .updateTable('alerts')
            .set({ escalated_at: now })
            .where('id', '=', a.alert_id)
            .where('escalated_at', 'is', null)
            .returning('id')
            .executeTakeFirst()
          if (!claimed) return []
          return planNotifications(trx, {
            alertId: a.alert_id,
            kind: 'escalation',
            rule,
            subject,
            jurisdictionCode: a.alert_jurisdiction,
            parents,
            now,
            recipients,
          })
        })),
      )
    }
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
