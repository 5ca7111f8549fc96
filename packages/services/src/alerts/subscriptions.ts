import {
  ChannelConfigSchema,
  checkOutboundUrl,
  type OutboundPolicy,
  outboundRefusal,
  PUBLIC_ONLY,
} from '@cockpit/notify'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { bodyIssue, bodyIssues, forbidden, invalid, notFound } from '../kernel/errors.js'
import { anyInt } from '../kernel/any-of.js'

const canSubscribe = (p: Principal) => {
  if (p.kind !== 'user' || p.userId === null || (p.role !== 'admin' && p.role !== 'manager'))
    throw forbidden('只有管理者可以订阅告警')
  return p.userId
}

/** What a list shows of a channel: where it goes, never its secret. */
function targetOf(kind: string, config: Record<string, unknown>): string {
  if (kind === 'email') return (config.to as string[] | undefined)?.join(', ') ?? ''
  try {
    const u = new URL(String(config.url))
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return ''
  }
}

/**
 * A robot or webhook address is checked as delivery will check it (outbound policy), so a manager hears at
 * once that http://127.0.0.1:6379/ or the metadata service is refused; delivery checks again (DNS can change).
 */
export async function createChannel(
  ctx: ServiceContext,
  input: { name: string; config: Record<string, unknown> },
  rules: { outbound?: OutboundPolicy } = {},
) {
  const { db, principal: p, requestId } = ctx
  const userId = canSubscribe(p)
  const parsed = ChannelConfigSchema.safeParse(input.config)
  // One "请求体 config.<field>: …" per issue, so the portal puts each message beside its own input.
  if (!parsed.success)
    throw bodyIssues(parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message })))
  const { kind } = parsed.data
  if (parsed.data.kind !== 'email') {
    try {
      await checkOutboundUrl(parsed.data.url, rules.outbound ?? PUBLIC_ONLY)
    } catch (err) {
      const refused = outboundRefusal(err)
      if (!refused) throw err
      throw bodyIssue('config.url', refused.message)
    }
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('notification_channels')
      .values({ owner_id: userId, name: input.name, kind, config: JSON.stringify(parsed.data) })
      .returning(['id', 'name', 'kind', 'enabled'])
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      {
        action: 'channel.create',
        entity: 'notification_channel',
        entityId: row.id,
        after: { name: input.name, kind, target: targetOf(kind, parsed.data as Record<string, unknown>) },
      },
      requestId,
    )
    return { ...row, target: targetOf(kind, parsed.data as Record<string, unknown>) }
  })
}

export async function listChannels(ctx: ServiceContext) {
  const { db, principal: p } = ctx
  const userId = canSubscribe(p)
  const rows = await db
    .selectFrom('notification_channels')
    .selectAll()
    .where((eb) => (p.role === 'admin' ? eb.val(true) : eb('owner_id', '=', userId)))
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    target: targetOf(r.kind, r.config),
    enabled: r.enabled,
  }))
}

export async function deleteChannel(ctx: ServiceContext, id: number) {
  const { db, principal: p, requestId } = ctx
  const userId = canSubscribe(p)
  const row = await db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`通知渠道 ${id} `)
  if (p.role !== 'admin' && row.owner_id !== userId) throw forbidden('只能删除本人的通知渠道')
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('notification_channels').where('id', '=', id).execute()
    await audit(
      trx,
      p,
      {
        action: 'channel.delete',
        entity: 'notification_channel',
        entityId: id,
        before: { name: row.name, kind: row.kind },
      },
      requestId,
    )
  })
}

export interface SubscriptionInput {
  name: string
  jurisdictionCodes: string[]
  pillarIds: number[]
  indicatorIds: number[]
  minSeverity: 'critical' | 'warning' | 'info'
  channelIds: number[]
  inApp: boolean
}

export async function createSubscription(ctx: ServiceContext, input: SubscriptionInput) {
  const { db, principal: p, requestId } = ctx
  const userId = canSubscribe(p)
  if (p.role === 'manager') {
    const outside = input.jurisdictionCodes.filter((c) => !p.jurisdictions.includes(c))
    if (outside.length) throw forbidden(`jurisdictionCodes: 不在您负责的行政区划内: ${outside.join('、')}`)
  }
  if (input.channelIds.length) {
    const own = await db
      .selectFrom('notification_channels')
      .select('id')
      .where('id', '=', anyInt(input.channelIds))
      .where((eb) => (p.role === 'admin' ? eb.val(true) : eb('owner_id', '=', userId)))
      .execute()
    const missing = input.channelIds.filter((c) => !own.some((o) => o.id === c))
    if (missing.length) throw invalid(`channelIds: 渠道不存在或不属于您: ${missing.join('、')}`)
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('subscriptions')
      .values({
        user_id: userId,
        name: input.name,
        jurisdiction_codes: input.jurisdictionCodes,
        pillar_ids: input.pillarIds,
        indicator_ids: input.indicatorIds,
        min_severity: input.minSeverity,
        channel_ids: input.channelIds,
        in_app: input.inApp,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      { action: 'subscription.create', entity: 'subscription', entityId: row.id, after: input },
      requestId,
    )
    return toSubscription(row)
  })
}

const toSubscription = (r: {
  id: number
  name: string
  jurisdiction_codes: string[]
  pillar_ids: number[]
  indicator_ids: number[]
  min_severity: 'critical' | 'warning' | 'info'
  channel_ids: number[]
  in_app: boolean
  enabled: boolean
}) => ({
  id: r.id,
  name: r.name,
  jurisdictionCodes: r.jurisdiction_codes,
  pillarIds: r.pillar_ids,
  indicatorIds: r.indicator_ids,
  minSeverity: r.min_severity,
  channelIds: r.channel_ids,
  inApp: r.in_app,
  enabled: r.enabled,
})

export async function listSubscriptions(ctx: ServiceContext) {
  const { db, principal: p } = ctx
  const userId = canSubscribe(p)
  return (await db.selectFrom('subscriptions').selectAll().where('user_id', '=', userId).orderBy('id').execute()).map(
    toSubscription,
  )
}

export async function deleteSubscription(ctx: ServiceContext, id: number) {
  const { db, principal: p, requestId } = ctx
  const userId = canSubscribe(p)
  const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`订阅 ${id} `)
  if (row.user_id !== userId && p.role !== 'admin') throw forbidden('只能删除本人的订阅')
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('subscriptions').where('id', '=', id).execute()
    await audit(
      trx,
      p,
      { action: 'subscription.delete', entity: 'subscription', entityId: id, before: toSubscription(row) },
      requestId,
    )
  })
}

export async function listInbox(ctx: ServiceContext) {
  const { db, principal: p } = ctx
  if (p.userId === null) throw forbidden('接口令牌没有站内信')
  const items = await db
    .selectFrom('inbox_items')
    .selectAll()
    .where('user_id', '=', p.userId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
  const unread = await db
    .selectFrom('inbox_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', p.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return {
    items: items.map((i) => ({
      id: i.id,
      alertId: i.alert_id,
      kind: i.kind,
      title: i.title,
      body: i.body,
      createdAt: i.created_at.toISOString(),
      readAt: i.read_at?.toISOString() ?? null,
    })),
    unread: Number(unread.n),
  }
}

export async function markInboxRead(ctx: ServiceContext, id: string) {
  const { db, principal: p, now } = ctx
  if (p.userId === null) throw forbidden('接口令牌没有站内信')
  const r = await db
    .updateTable('inbox_items')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('user_id', '=', p.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  if (
    Number(r.numUpdatedRows) === 0 &&
    !(await db
      .selectFrom('inbox_items')
      .select('id')
      .where('id', '=', id)
      .where('user_id', '=', p.userId)
      .executeTakeFirst())
  )
    throw notFound(`站内信 ${id} `)
}
