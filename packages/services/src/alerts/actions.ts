import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { inScope, readScope } from '../kernel/scope.js'
import { bodyIssue, forbidden, invalid, notFound } from '../kernel/errors.js'
import { assertCanAct } from './read.js'

/** Acknowledging stops the repeats and the escalation of this episode. */
export async function acknowledgeAlert(ctx: ServiceContext, id: string) {
  const { db, principal: p, now, requestId } = ctx
  const before = await assertCanAct(db, p, id)
  if (before.acknowledged_at) return
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alerts')
      .set({ acknowledged_at: now, acknowledged_by: p.userId })
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('alert_notes')
      .values({ alert_id: id, author_id: p.userId, action: 'acknowledge', body: null })
      .execute()
    await audit(
      trx,
      p,
      {
        action: 'alert.acknowledge',
        entity: 'alert',
        entityId: id,
        before: { acknowledgedAt: null },
        after: { acknowledgedAt: now.toISOString() },
      },
      requestId,
    )
  })
}

export async function assignAlert(ctx: ServiceContext, id: string, userId: number | null) {
  const { db, principal: p, requestId } = ctx
  const before = await assertCanAct(db, p, id)
  if (
    userId !== null &&
    !(await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst())
  )
    throw invalid(`userId: 用户 ${userId} 不存在或已停用`)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('alerts').set({ assigned_to: userId }).where('id', '=', id).execute()
    await trx
      .insertInto('alert_notes')
      .values({
        alert_id: id,
        author_id: p.userId,
        action: 'assign',
        body: userId === null ? '取消指派' : `指派给用户 ${userId}`,
      })
      .execute()
    await audit(
      trx,
      p,
      {
        action: 'alert.assign',
        entity: 'alert',
        entityId: id,
        before: { assignedTo: before.assigned_to },
        after: { assignedTo: userId },
      },
      requestId,
    )
  })
}

export async function addAlertNote(ctx: ServiceContext, id: string, body: string) {
  const { db, principal: p, requestId } = ctx
  await assertCanAct(db, p, id)
  await db.transaction().execute(async (trx) => {
    const note = await trx
      .insertInto('alert_notes')
      .values({ alert_id: id, author_id: p.userId, action: 'note', body })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      { action: 'alert.note', entity: 'alert', entityId: id, after: { noteId: note.id, body } },
      requestId,
    )
  })
}

export async function createSilence(
  ctx: ServiceContext,
  input: { matchers: Record<string, unknown>; startsAt?: string | undefined; endsAt: string; reason: string },
) {
  const { db, principal: p, now, requestId } = ctx
  if (p.role !== 'admin' && p.role !== 'manager') throw forbidden('只有管理者可以设置静默')
  const startsAt = input.startsAt ? new Date(input.startsAt) : now
  const endsAt = new Date(input.endsAt)
  if (endsAt <= startsAt) throw invalid('endsAt: 结束时间应晚于开始时间')
  if (endsAt.getTime() - startsAt.getTime() > 90 * 86_400_000) throw invalid('endsAt: 静默最长90天')
  if (p.role === 'manager') {
    const code = input.matchers.jurisdictionCode
    if (typeof code !== 'string' || !p.jurisdictions.includes(code))
      throw forbidden('管理者只能静默本人负责行政区划的告警(matchers.jurisdictionCode 必填)')
  }
  await assertSilenceSubjects(db, p, input.matchers)
  return db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto('silences')
      .values({
        matchers: JSON.stringify(input.matchers),
        starts_at: startsAt,
        ends_at: endsAt,
        reason: input.reason,
        created_by: p.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      p,
      {
        action: 'silence.create',
        entity: 'silence',
        entityId: s.id,
        after: { matchers: input.matchers, startsAt, endsAt, reason: input.reason },
      },
      requestId,
    )
    return toSilence(s, now)
  })
}

/**
 * A silence naming an indicator, task or rule must name one that exists and, for a manager, one of their
 * own jurisdictions: otherwise it would be stored, audited and match nothing (or hide another's alerts).
 */
async function assertSilenceSubjects(db: Kysely<Database>, p: Principal, m: Record<string, unknown>) {
  const subjects: {
    field: string
    label: string
    find: (id: number) => Promise<{ jurisdiction_code: string } | undefined>
  }[] = [
    {
      field: 'indicatorId',
      label: '指标',
      find: (id) => db.selectFrom('indicators').select('jurisdiction_code').where('id', '=', id).executeTakeFirst(),
    },
    {
      field: 'taskId',
      label: '任务',
      find: (id) =>
        db
          .selectFrom('tasks as t')
          .innerJoin('plans as pl', 'pl.id', 't.plan_id')
          .select('pl.jurisdiction_code')
          .where('t.id', '=', id)
          .executeTakeFirst(),
    },
  ]
  for (const { field, label, find } of subjects) {
    const id = m[field]
    if (typeof id !== 'number') continue
    const row = await find(id)
    if (!row) throw bodyIssue(`matchers.${field}`, `${label} ${id} 不存在`)
    if (p.role === 'manager' && !p.jurisdictions.includes(row.jurisdiction_code))
      throw bodyIssue(`matchers.${field}`, `${label} ${id} 不在您负责的行政区划内,不能为它设置静默`, 'forbidden')
  }
  if (
    typeof m.ruleId === 'number' &&
    !(await db.selectFrom('alert_rules').select('id').where('id', '=', m.ruleId).executeTakeFirst())
  )
    throw bodyIssue('matchers.ruleId', `告警规则 ${m.ruleId} 不存在`)
}

/** Ends a silence now (kept for the record rather than deleted). */
export async function expireSilence(ctx: ServiceContext, id: number) {
  const { db, principal: p, now, requestId } = ctx
  if (p.role !== 'admin' && p.role !== 'manager') throw forbidden('只有管理者可以解除静默')
  const s = await db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst()
  if (!s) throw notFound(`静默 ${id} `)
  if (p.role === 'manager' && s.created_by !== p.userId) throw forbidden('只能解除本人设置的静默')
  if (s.ends_at <= now) return
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('silences')
      .set({ ends_at: now > s.starts_at ? now : new Date(s.starts_at.getTime() + 1) })
      .where('id', '=', id)
      .execute()
    await audit(
      trx,
      p,
      {
        action: 'silence.expire',
        entity: 'silence',
        entityId: id,
        before: { endsAt: s.ends_at.toISOString() },
        after: { endsAt: now.toISOString() },
      },
      requestId,
    )
  })
}

type SilenceRow = Awaited<ReturnType<typeof silenceRows>>[number]
const silenceRows = (db: Kysely<Database>) =>
  db.selectFrom('silences').selectAll().orderBy('id', 'desc').limit(200).execute()

/** A silence as the API shows it: active when the product clock is inside its window. */
const toSilence = (s: SilenceRow, now: Date) => ({
  id: s.id,
  matchers: s.matchers as Record<string, unknown>,
  startsAt: s.starts_at.toISOString(),
  endsAt: s.ends_at.toISOString(),
  reason: s.reason,
  createdBy: s.created_by,
  active: s.starts_at <= now && s.ends_at > now,
})

/** Silences that can apply in the caller's scope: those matching another jurisdiction are left out. */
export async function listSilences(ctx: ServiceContext) {
  const scope = readScope(ctx.principal)
  return (await silenceRows(ctx.db))
    .filter((s) => {
      const code = (s.matchers as Record<string, unknown>).jurisdictionCode
      return typeof code !== 'string' || inScope(scope, code)
    })
    .map((s) => toSilence(s, ctx.now))
}
