import { severityLabels } from '@cockpit/contracts'
import type { AlertRuleRow, Database, NotificationKind } from '@cockpit/db'
import type { Transaction } from 'kysely'
import { anyInt, anyText } from '../kernel/any-of.js'
import { isWithin, type ParentMap } from './scope.js'
import { activeSilences, silenceMatches } from './silences.js'

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
// Rows per insert statement: far below PostgreSQL's 65,535 bind parameters whatever the chunk.
const ROWS_PER_INSERT = 1000

/** What an alert is about, as notification filters see it: an indicator, or a task/milestone. */
export interface AlertSubject {
  indicatorId: number | null
  taskId: number | null
  pillarId: number | null
  name: string
}

/** One alert event (opened, resolved, repeated, escalated) whose notifications are owed. */
export interface AlertEventInput {
  alertId: string
  kind: NotificationKind
  rule: AlertRuleRow
  subject: AlertSubject
  jurisdictionCode: string
  /** For repeats: which repeat this is, so each is owed once. */
  sequence?: number
  /** For escalations: exactly these people instead of the subscribers. */
  recipients?: number[]
}

const pairOf = (userId: number, channelId: number) => `${userId}:${channelId}`

/**
 * Records who is owed each alert event and on which channel: the subscribers whose filters match (and,
 * with no subscription, the managers responsible for the jurisdiction, in-app). Each (event, person,
 * channel) is owed once (dedup key); a silenced alert's notifications are recorded as silenced.
 * Channel deliveries wait for the rule's group_wait, so alerts that start together go out as one message.
 * The people, subscriptions, channels and silences are read once for all the events and the rows written in
 * a few statements: an evaluation pass over a country opens tens of thousands of alerts. The events are
 * planned in their order, as if one after the other: an event joins the batch an earlier one started.
 */
export async function planNotificationsFor(
  trx: Transaction<Database>,
  events: AlertEventInput[],
  ctx: { parents: ParentMap; now: Date },
): Promise<NotificationGroup[]> {
  if (events.length === 0) return []
  const { parents, now } = ctx
  const [alerts, silences, users, scopes, subs, channels] = await Promise.all([
    trx
      .selectFrom('alerts')
      .select(['id', 'summary', 'severity'])
      .where('id', '=', anyInt(events.map((e) => e.alertId)))
      .execute(),
    activeSilences(trx, now),
    trx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('disabled_at', 'is', null)
      .where('role', 'in', ['admin', 'manager'])
      .execute(),
    trx.selectFrom('user_jurisdictions').selectAll().execute(),
    trx.selectFrom('subscriptions').selectAll().where('enabled', '=', true).orderBy('id').execute(),
    trx.selectFrom('notification_channels').select(['id', 'owner_id']).where('enabled', '=', true).execute(),
  ])
  const alertById = new Map(alerts.map((a) => [String(a.id), a]))
  const scopesOf = new Map<number, string[]>()
  for (const s of scopes) scopesOf.set(s.user_id, [...(scopesOf.get(s.user_id) ?? []), s.jurisdiction_code])
  const subscribed = new Set(subs.map((s) => s.user_id))

  interface Planned {
    event: AlertEventInput
    summary: string
    severity: 'critical' | 'warning' | 'info'
    silenced: boolean
    inbox: Set<number>
    deliveries: { userId: number; channelId: number }[]
    suffix: string
  }
  const planned: Planned[] = events.map((e) => {
    const alert = alertById.get(String(e.alertId))
    if (!alert) throw new Error(`alert ${e.alertId} not found while planning its notifications`)
    const severity = alert.severity
    const labels = {
      ruleId: e.rule.id,
      indicatorId: e.subject.indicatorId,
      taskId: e.subject.taskId,
      jurisdictionCode: e.jurisdictionCode,
      severity,
      kind: e.rule.kind,
    }
    const silenced = silences.some((s) => silenceMatches(s.matchers, labels, parents))
    const covers = (userId: number, role: string) =>
      role === 'admin' || (scopesOf.get(userId) ?? []).some((c) => isWithin(e.jurisdictionCode, c, parents))
    const inbox = new Set<number>()
    const deliveries: { userId: number; channelId: number }[] = []
    const eligible = new Set(e.recipients ?? users.filter((u) => covers(u.id, u.role)).map((u) => u.id))
    for (const s of subs) {
      if (!eligible.has(s.user_id)) continue
      if (!e.recipients) {
        if (rank[severity] < rank[s.min_severity]) continue
        if (s.jurisdiction_codes.length && !s.jurisdiction_codes.some((c) => isWithin(e.jurisdictionCode, c, parents)))
          continue
        if (s.pillar_ids.length && (e.subject.pillarId === null || !s.pillar_ids.includes(e.subject.pillarId))) continue
        // A subscription to named indicators is not one to tasks.
        if (
          s.indicator_ids.length &&
          (e.subject.indicatorId === null || !s.indicator_ids.includes(e.subject.indicatorId))
        )
          continue
      }
      if (s.in_app) inbox.add(s.user_id)
      for (const c of s.channel_ids)
        if (channels.some((ch) => ch.id === c && (ch.owner_id === s.user_id || ch.owner_id === null)))
          deliveries.push({ userId: s.user_id, channelId: c })
    }
    // Responsible managers hear about it in-app even before they subscribe to anything.
    for (const u of eligible) if (!subscribed.has(u)) inbox.add(u)
    return {
      event: e,
      summary: alert.summary,
      severity,
      silenced,
      inbox,
      deliveries: [...new Map(deliveries.map((d) => [pairOf(d.userId, d.channelId), d])).values()],
      suffix: e.sequence !== undefined ? `:${e.sequence}` : '',
    }
  })

  const rows = await notificationRows(trx, planned, now)
  const groups: NotificationGroup[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const inserted = await trx
      .insertInto('notifications')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .returning(['user_id', 'channel_id', 'status', 'due_at'])
      .execute()
    for (const r of inserted)
      if (r.status === 'pending' && r.user_id !== null && r.channel_id !== null)
        groups.push({ userId: r.user_id, channelId: r.channel_id, dueAt: r.due_at })
  }

  const toInbox = planned.filter((p) => !p.silenced && p.inbox.size)
  if (toInbox.length) {
    const already = await trx
      .selectFrom('inbox_items')
      .select(['alert_id', 'kind', 'user_id'])
      .where('alert_id', '=', anyInt(toInbox.map((p) => p.event.alertId)))
      .execute()
    const had = new Set(already.map((a) => `${a.alert_id}|${a.kind}|${a.user_id}`))
    const items = toInbox.flatMap((p) => {
      const kind = `${p.event.kind}${p.suffix}`
      const title = `【${kindLabels[p.event.kind]}·${severityLabels[p.severity]}】${p.summary}`.slice(0, 200)
      return [...p.inbox].flatMap((user_id) => {
        const key = `${p.event.alertId}|${kind}|${user_id}`
        if (had.has(key)) return []
        had.add(key)
        return [{ user_id, alert_id: p.event.alertId, kind, title, body: p.summary, read_at: null }]
      })
    })
    for (let i = 0; i < items.length; i += ROWS_PER_INSERT)
      await trx
        .insertInto('inbox_items')
        .values(items.slice(i, i + ROWS_PER_INSERT))
        .execute()
  }
  return groups
}

/**
 * The notification rows owed, with their due times: Alertmanager's grouping per (person, channel). A new
 * notification joins a batch still waiting to go out (one already stored, or one an earlier event of these
 * started); otherwise it waits its rule's group_wait, and at least group_interval after that channel's last
 * message. A row owed already (its dedup key stored) is left out and starts no batch.
 */
async function notificationRows(
  trx: Transaction<Database>,
  planned: {
    event: AlertEventInput
    silenced: boolean
    deliveries: { userId: number; channelId: number }[]
    suffix: string
  }[],
  now: Date,
) {
  const keyOf = (p: (typeof planned)[number], d: { userId: number; channelId: number }) =>
    `${p.event.alertId}:${p.event.kind}${p.suffix}:${d.userId}:${d.channelId}`
  const all = planned.flatMap((p) => p.deliveries.map((d) => ({ p, d, key: keyOf(p, d) })))
  if (all.length === 0) return []
  const userIds = [...new Set(all.map((x) => x.d.userId))]
  const channelIds = [...new Set(all.map((x) => x.d.channelId))]
  const [owed, waitingRows, lastRows] = await Promise.all([
    trx
      .selectFrom('notifications')
      .select('dedup_key')
      .where('dedup_key', '=', anyText(all.map((x) => x.key)))
      .execute(),
    trx
      .selectFrom('notifications')
      .select((eb) => ['user_id', 'channel_id', eb.fn.min('due_at').as('due')])
      .where('user_id', '=', anyInt(userIds))
      .where('channel_id', '=', anyInt(channelIds))
      .where('status', '=', 'pending')
      .where('due_at', '>', now)
      .groupBy(['user_id', 'channel_id'])
      .execute(),
    trx
      .selectFrom('notifications')
      .select((eb) => ['user_id', 'channel_id', eb.fn.max('sent_at').as('sent')])
      .where('user_id', '=', anyInt(userIds))
      .where('channel_id', '=', anyInt(channelIds))
      .where('status', '=', 'sent')
      .groupBy(['user_id', 'channel_id'])
      .execute(),
  ])
  const stored = new Set(owed.map((o) => o.dedup_key))
  const waiting = new Map<string, number>()
  for (const w of waitingRows)
    if (w.user_id !== null && w.channel_id !== null && w.due)
      waiting.set(pairOf(w.user_id, w.channel_id), new Date(w.due as Date).getTime())
  const lastSent = new Map<string, number>()
  for (const l of lastRows)
    if (l.user_id !== null && l.channel_id !== null && l.sent)
      lastSent.set(pairOf(l.user_id, l.channel_id), new Date(l.sent as Date).getTime())

  const rows = []
  const seen = new Set<string>()
  for (const { p, d, key } of all) {
    if (stored.has(key) || seen.has(key)) continue
    seen.add(key)
    const pair = pairOf(d.userId, d.channelId)
    const rule = p.event.rule
    const afterWait = now.getTime() + rule.group_wait_seconds * 1000
    const last = lastSent.get(pair)
    const afterInterval = last !== undefined ? last + rule.group_interval_seconds * 1000 : 0
    const due = waiting.get(pair) ?? Math.max(afterWait, afterInterval)
    if (!p.silenced && due > now.getTime()) waiting.set(pair, Math.min(waiting.get(pair) ?? due, due))
    rows.push({
      dedup_key: key,
      alert_id: p.event.alertId,
      user_id: d.userId,
      channel_id: d.channelId,
      kind: p.event.kind,
      status: p.silenced ? ('silenced' as const) : ('pending' as const),
      due_at: new Date(due),
      batch_id: null,
      last_error: null,
      sent_at: null,
    })
  }
  return rows
}
