import { severityLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database, NotificationKind } from '@cockpit/db'
import type { Transaction } from 'kysely'
import { isWithin, type ParentMap } from './scope.js'
import { isSilenced } from './silences.js'

export interface NotificationGroup {
  userId: number
  channelId: number
  dueAt: Date
}

const rank = { info: 0, warning: 1, critical: 2 } as const
const kindLabels: Record<NotificationKind, string> = {
  firing: '告警',
  resolved: '已恢复',
  repeat: '仍未恢复',
  escalation: '升级',
}

/** What an alert is about, as notification filters see it: an indicator, or a task/milestone. */
export interface AlertSubject {
  indicatorId: number | null
  taskId: number | null
  pillarId: number | null
  name: string
}

export interface PlanInput {
  alertId: string
  kind: NotificationKind
  rule: AlertRuleRow
  subject: AlertSubject
  jurisdictionCode: string
  parents: ParentMap
  now: Date
  /** For repeats: which repeat this is, so each is owed once. */
  sequence?: number
  /** For escalations: exactly these people instead of the subscribers. */
  recipients?: number[]
}

/**
 * Records who is owed this alert event and on which channel: the subscribers whose filters match (and,
 * with no subscription, the managers responsible for the jurisdiction, in-app). Each (event, person,
 * channel) is owed once (dedup key); a silenced alert's notifications are recorded as silenced.
 * Channel deliveries wait for the rule's group_wait, so alerts that start together go out as one message.
 */
export async function planNotifications(trx: Transaction<Database>, p: PlanInput): Promise<NotificationGroup[]> {
  const alert = await trx
    .selectFrom('alerts')
    .select(['summary', 'severity'])
    .where('id', '=', p.alertId)
    .executeTakeFirstOrThrow()
  const severity = alert.severity
  const silenced = await isSilenced(
    trx,
    {
      ruleId: p.rule.id,
      indicatorId: p.subject.indicatorId,
      taskId: p.subject.taskId,
      jurisdictionCode: p.jurisdictionCode,
      severity,
      kind: p.rule.kind,
    },
    p.parents,
    p.now,
  )

  const users = await trx
    .selectFrom('users')
    .select(['id', 'role'])
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['admin', 'manager'])
    .execute()
  const scopes = await trx.selectFrom('user_jurisdictions').selectAll().execute()
  const covers = (userId: number, role: string) =>
    role === 'admin' ||
    scopes.some((s) => s.user_id === userId && isWithin(p.jurisdictionCode, s.jurisdiction_code, p.parents))
  const subs = await trx.selectFrom('subscriptions').selectAll().where('enabled', '=', true).execute()
  const channels = await trx
    .selectFrom('notification_channels')
    .select(['id', 'owner_id'])
    .where('enabled', '=', true)
    .execute()

  const inbox = new Set<number>()
  const deliveries: { userId: number; channelId: number }[] = []
  const eligible = new Set(p.recipients ?? users.filter((u) => covers(u.id, u.role)).map((u) => u.id))
  for (const s of subs) {
    if (!eligible.has(s.user_id)) continue
    if (!p.recipients) {
      if (rank[severity] < rank[s.min_severity]) continue
      if (s.jurisdiction_codes.length && !s.jurisdiction_codes.some((c) => isWithin(p.jurisdictionCode, c, p.parents)))
        continue
      if (s.pillar_ids.length && (p.subject.pillarId === null || !s.pillar_ids.includes(p.subject.pillarId))) continue
      // A subscription to named indicators is not one to tasks.
      if (
        s.indicator_ids.length &&
        (p.subject.indicatorId === null || !s.indicator_ids.includes(p.subject.indicatorId))
      )
        continue
    }
    if (s.in_app) inbox.add(s.user_id)
    for (const c of s.channel_ids)
      if (channels.some((ch) => ch.id === c && (ch.owner_id === s.user_id || ch.owner_id === null)))
        deliveries.push({ userId: s.user_id, channelId: c })
  }
  // Responsible managers hear about it in-app even before they subscribe to anything.
  for (const u of eligible) if (!subs.some((s) => s.user_id === u)) inbox.add(u)

  const suffix = p.sequence !== undefined ? `:${p.sequence}` : ''
  const unique = [...new Map(deliveries.map((d) => [`${d.userId}:${d.channelId}`, d])).values()]
  const dueOf = await groupDueTimes(trx, unique, p.now, p.rule)
  const rows = unique.map((d) => ({
    dedup_key: `${p.alertId}:${p.kind}${suffix}:${d.userId}:${d.channelId}`,
    alert_id: p.alertId,
    user_id: d.userId,
    channel_id: d.channelId,
    kind: p.kind,
    status: silenced ? ('silenced' as const) : ('pending' as const),
    due_at: dueOf(d),
    batch_id: null,
    last_error: null,
    sent_at: null,
  }))
  const groups: NotificationGroup[] = []
  if (rows.length) {
    const inserted = await trx
      .insertInto('notifications')
      .values(rows)
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .returning(['user_id', 'channel_id', 'status', 'due_at'])
      .execute()
    for (const r of inserted)
      if (r.status === 'pending' && r.user_id !== null && r.channel_id !== null)
        groups.push({ userId: r.user_id, channelId: r.channel_id, dueAt: r.due_at })
  }
  if (!silenced && inbox.size) {
    const title = `【${kindLabels[p.kind]}·${severityLabels[severity]}】${alert.summary}`.slice(0, 200)
    const already = await trx
      .selectFrom('inbox_items')
      .select('user_id')
      .where('alert_id', '=', p.alertId)
      .where('kind', '=', `${p.kind}${suffix}`)
      .execute()
    const fresh = [...inbox].filter((u) => !already.some((a) => a.user_id === u))
    if (fresh.length)
      await trx
        .insertInto('inbox_items')
        .values(
          fresh.map((user_id) => ({
            user_id,
            alert_id: p.alertId,
            kind: `${p.kind}${suffix}`,
            title,
            body: alert.summary,
            read_at: null,
          })),
        )
        .execute()
  }
  return groups
}

/**
 * Alertmanager's grouping per (person, channel): a new notification joins a batch still waiting to go
 * out; otherwise it waits group_wait, and at least group_interval after that channel's last message.
 */
async function groupDueTimes(
  trx: Transaction<Database>,
  targets: { userId: number; channelId: number }[],
  now: Date,
  rule: AlertRuleRow,
) {
  const out = new Map<string, Date>()
  for (const t of targets) {
    const waiting = await trx
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('due_at').as('due'))
      .where('user_id', '=', t.userId)
      .where('channel_id', '=', t.channelId)
      .where('status', '=', 'pending')
      .where('due_at', '>', now)
      .executeTakeFirst()
    const last = await trx
      .selectFrom('notifications')
      .select((eb) => eb.fn.max('sent_at').as('sent'))
      .where('user_id', '=', t.userId)
      .where('channel_id', '=', t.channelId)
      .where('status', '=', 'sent')
      .executeTakeFirst()
    const afterWait = now.getTime() + rule.group_wait_seconds * 1000
    const afterInterval = last?.sent ? new Date(last.sent as Date).getTime() + rule.group_interval_seconds * 1000 : 0
    out.set(
      `${t.userId}:${t.channelId}`,
      waiting?.due ? new Date(waiting.due as Date) : new Date(Math.max(afterWait, afterInterval)),
    )
  }
  return (t: { userId: number; channelId: number }) => out.get(`${t.userId}:${t.channelId}`)!
}
