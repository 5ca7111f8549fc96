import { randomUUID } from 'node:crypto'
import { statusLabels, taskDisplayName, taskStageLabels, type TaskStage } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import {
  type AlertItem,
  type AlertMessage,
  type ChannelConfig,
  type DeliveryResult,
  kindLabels,
  severityLabels,
} from '@cockpit/notify'
import { type Kysely, sql } from 'kysely'
import { targetLabel } from '../kernel/labels.js'

export type DeliverFn = (config: ChannelConfig, message: AlertMessage) => Promise<DeliveryResult>

/**
 * Claims every notification owed to one person on one channel that is due now, as one batch: alerts
 * that started together reach the person in one message (Alertmanager's group_wait). Returns the batch
 * id, or null when nothing is due (another worker took it, or it was sent already).
 */
export async function claimBatch(
  db: Kysely<Database>,
  userId: number,
  channelId: number,
  now: Date,
): Promise<string | null> {
  const batchId = randomUUID()
  const claimed = await sql<{ id: string }>`
    update notifications set status = 'sending', batch_id = ${batchId}
    where id in (
      select id from notifications
      where user_id = ${userId} and channel_id = ${channelId} and status = 'pending' and due_at <= ${now}
      order by id for update skip locked
    )
    returning id`.execute(db)
  return claimed.rows.length ? batchId : null
}

const kindOrder = ['escalation', 'firing', 'repeat', 'resolved'] as const

/** Renders and sends one batch; marks it sent, or records the failure (retryable ones are thrown for BullMQ to retry). */
export async function deliverBatch(
  db: Kysely<Database>,
  batchId: string,
  send: DeliverFn,
  ctx: { now: Date; linkBase: string; finalAttempt: boolean },
): Promise<'sent' | 'failed' | 'nothing'> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('alerts as a', 'a.id', 'n.alert_id')
    .leftJoin('indicators as i', 'i.id', 'a.indicator_id')
    .leftJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('jurisdictions as j', 'j.code', 'a.jurisdiction_code')
    .innerJoin('alert_rules as r', 'r.id', 'a.rule_id')
    .leftJoin('notification_channels as c', 'c.id', 'n.channel_id')
    .select([
      'n.id',
      'n.kind',
      'n.channel_id',
      'n.attempts',
      'a.id as alert_id',
      'a.severity',
      'a.summary',
      'a.values',
      'a.indicator_id',
      'a.task_id',
      'i.name as indicator_name',
      'i.unit',
      't.kind as task_kind',
      't.number as task_number',
      't.title as task_title',
      'j.name as jurisdiction_name',
      'c.config',
      'c.kind as channel_kind',
    ])
    .where('n.batch_id', '=', batchId)
    .where('n.status', '=', 'sending')
    .orderBy('n.id')
    .execute()
  const first = rows[0]
  if (!first?.config) return 'nothing'
  const kind = kindOrder.find((k) => rows.some((r) => r.kind === k)) ?? 'firing'
  const severity = rows.some((r) => r.severity === 'critical')
    ? 'critical'
    : rows.some((r) => r.severity === 'warning')
      ? 'warning'
      : 'info'
  const mentions = await mentionMobiles(
    db,
    rows.flatMap((r) => (r.indicator_id !== null ? [r.indicator_id] : [])),
    rows.flatMap((r) => (r.task_id !== null ? [r.task_id] : [])),
  )
  const message: AlertMessage = {
    notificationId: batchId,
    kind,
    severity,
    title: `【${kindLabels[kind]}·${severityLabels[severity]}】${rows.length === 1 ? first.summary : `${first.summary} 等${rows.length}条告警`}`,
    items: rows.map((r) => {
      if (r.task_id !== null) return taskItem(r, ctx.linkBase)
      const v = r.values as {
        value?: number | null
        expected?: number | null
        gap?: number | null
        status?: string
        deadline?: string | null
        target?: { comparator: 'gte' | 'lte' | 'eq' | 'range'; value: number; valueMax: number | null } | null
      }
      return {
        indicatorName: r.indicator_name ?? '',
        jurisdictionName: r.jurisdiction_name,
        unit: r.unit ?? '',
        value: v.value ?? null,
        expected: v.expected ?? null,
        gap: v.gap ?? null,
        target: v.target ? targetLabel(v.target, r.unit ?? '') : '—',
        deadline: v.deadline ?? null,
        status: v.status && v.status in statusLabels ? statusLabels[v.status as keyof typeof statusLabels] : '—',
        link: `${ctx.linkBase}/indicators/${r.indicator_id}`,
      }
    }),
    ...(mentions.length ? { mentions: { mobiles: mentions } } : {}),
    occurredAt: ctx.now.toISOString(),
  }
  const result = await send({ ...(first.config as object), kind: first.channel_kind } as ChannelConfig, message)
  const ids = rows.map((r) => r.id)
  if (result.ok) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('notifications')
        .set({ status: 'sent', sent_at: ctx.now, attempts: sql`attempts + 1`, last_error: null })
        .where('id', 'in', ids)
        .execute()
      await trx
        .updateTable('alerts')
        .set({ last_notified_at: ctx.now })
        .where('id', 'in', [...new Set(rows.map((r) => r.alert_id))])
        .execute()
    })
    return 'sent'
  }
  const giveUp = !result.retryable || ctx.finalAttempt
  await db
    .updateTable('notifications')
    .set({
      status: giveUp ? 'failed' : 'sending',
      attempts: sql`attempts + 1`,
      last_error: result.error.slice(0, 2000),
    })
    .where('id', 'in', ids)
    .execute()
  if (!giveUp) throw new Error(`delivery failed, will retry: ${result.error}`)
  return 'failed'
}

/** A task's or milestone's item: its lead, latest stage and days overdue where an indicator has values. */
function taskItem(
  r: {
    task_id: number | null
    task_kind: 'task' | 'milestone' | null
    task_number: string | null
    task_title: string | null
    jurisdiction_name: string
    values: Record<string, unknown>
  },
  linkBase: string,
): AlertItem {
  const v = r.values as {
    lead?: string | null
    stage?: TaskStage | null
    reason?: string | null
    daysOverdue?: number | null
    missingPeriods?: number
    dueDate?: string | null
    pendingClaim?: boolean
  }
  const stage = v.stage ? `${taskStageLabels[v.stage]}${v.reason ? `(${v.reason})` : ''}` : '未报送进展'
  const fields: [string, string][] = [
    ['牵头单位', v.lead ?? '(未明确)'],
    ['最新进展', stage],
    ...(v.daysOverdue ? ([['逾期天数', `${v.daysOverdue} 天`]] as [string, string][]) : []),
    ...(v.missingPeriods ? ([['连续未报', `${v.missingPeriods} 期`]] as [string, string][]) : []),
  ]
  return {
    indicatorName:
      r.task_kind && r.task_title
        ? taskDisplayName({ kind: r.task_kind, number: r.task_number, title: r.task_title })
        : `任务 ${r.task_id}`,
    subjectLabel: '重点任务',
    fields,
    jurisdictionName: r.jurisdiction_name,
    unit: '',
    value: null,
    expected: null,
    gap: null,
    target: '按期完成并销号',
    deadline: v.dueDate ?? null,
    status: v.pendingClaim ? '完成申请待销号审核' : v.daysOverdue ? '逾期未完成' : '未完成',
    // The portal's 任务督办 detail (manager's view).
    link: `${linkBase}/manager/tasks/${r.task_id}`,
  }
}

/** The mobiles to @: contacts of the lead departments of the indicators and tasks. */
async function mentionMobiles(db: Kysely<Database>, indicatorIds: number[], taskIds: number[]): Promise<string[]> {
  const [indicators, tasks] = await Promise.all([
    indicatorIds.length
      ? db
          .selectFrom('indicator_departments as l')
          .innerJoin('departments as d', 'd.id', 'l.department_id')
          .select('d.contact_mobiles')
          .where('l.indicator_id', 'in', [...new Set(indicatorIds)])
          .where('l.role', '=', 'lead')
          .execute()
      : [],
    taskIds.length
      ? db
          .selectFrom('task_departments as l')
          .innerJoin('departments as d', 'd.id', 'l.department_id')
          .select('d.contact_mobiles')
          .where('l.task_id', 'in', [...new Set(taskIds)])
          .where('l.role', '=', 'lead')
          .execute()
      : [],
  ])
  return [...new Set([...indicators, ...tasks].flatMap((r) => r.contact_mobiles ?? []))]
}
