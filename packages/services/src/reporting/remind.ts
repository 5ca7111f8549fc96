import type { SendReminderBody, SentReminder } from '@cockpit/contracts'
import type { ServiceContext } from '../kernel/context.js'
import { inScope, readScope } from '../kernel/scope.js'
import { audit } from '../kernel/audit.js'
import { forbidden, notFound, ServiceError } from '../kernel/errors.js'
import { reminderMessage } from './read.js'
import { subjectNamer } from './subjects.js'

/** A department is not reminded of the same report twice within this long (product clock). */
export const MANUAL_REMINDER_INTERVAL_MS = 10 * 60_000

/**
 * 一键催报: reminds the responsible department of one overdue report now — an indicator's value or a
 * task's progress report — in each of its active users' inboxes, filed in the reminder list beside the
 * cycle's own (kind manual) and audited. The period row is locked first, so two managers clicking at once
 * send one reminder and the other gets 409.
 */
export async function sendReminder(ctx: ServiceContext, body: SendReminderBody): Promise<SentReminder> {
  const { db, principal, asOf } = ctx
  if (principal.role !== 'admin' && principal.role !== 'manager') throw forbidden('只有管理员和辖区管理人员可以催报')
  const scope = readScope(principal)
  const what =
    body.taskId !== undefined
      ? `任务 ${body.taskId} 的 ${body.periodKey} 进展报告`
      : `${body.jurisdictionCode} 的指标 ${body.indicatorId} ${body.periodKey} 报送期`
  // A manager's reach is their jurisdictions: another's report answers as if it did not exist.
  if (body.jurisdictionCode !== undefined && !inScope(scope, body.jurisdictionCode)) throw notFound(what)
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('reporting_periods as rp')
      .leftJoin('departments as d', 'd.id', 'rp.department_id')
      .select([
        'rp.indicator_id',
        'rp.task_id',
        'rp.jurisdiction_code',
        'rp.period_key',
        'rp.due_date',
        'rp.department_id',
        'rp.first_reported_at',
        'd.name as department_name',
      ])
      .where('rp.period_key', '=', body.periodKey)
    q =
      body.taskId !== undefined
        ? q.where('rp.task_id', '=', body.taskId)
        : q.where('rp.indicator_id', '=', body.indicatorId!).where('rp.jurisdiction_code', '=', body.jurisdictionCode!)
    const rp = await q.forUpdate('rp').executeTakeFirst()
    // A task's jurisdiction is its plan's, known only from the row.
    if (!rp || !inScope(scope, rp.jurisdiction_code)) throw notFound(what)
    const subject = (await subjectNamer(trx, [rp]))(rp)
    const name = subject.subject === 'task' ? subject.subjectName : `「${subject.subjectName}」`
    if (rp.first_reported_at !== null) throw new ServiceError('conflict', `${name}${body.periodKey} 已报送,无需催报`)
    if (rp.due_date >= asOf)
      throw new ServiceError('conflict', `${name}${body.periodKey} 的报送期限为 ${rp.due_date},尚未逾期,无需催报`)
    if (rp.department_id === null || rp.department_name === null)
      throw new ServiceError(
        'conflict',
        `${name}未设牵头单位,无人可催报,请先在${subject.subject === 'task' ? '任务' : '指标'}设置中指定牵头单位`,
      )

    let last = trx
      .selectFrom('reporting_reminders')
      .select('created_at')
      .where('period_key', '=', rp.period_key)
      .where('kind', '=', 'manual')
    last =
      rp.task_id !== null
        ? last.where('task_id', '=', rp.task_id)
        : last.where('indicator_id', '=', rp.indicator_id).where('jurisdiction_code', '=', rp.jurisdiction_code)
    const previous = await last.orderBy('created_at', 'desc').executeTakeFirst()
    const waitMs = previous ? previous.created_at.getTime() + MANUAL_REMINDER_INTERVAL_MS - ctx.now.getTime() : 0
    if (waitMs > 0)
      throw new ServiceError(
        'conflict',
        `已于 ${beijingMinute(previous!.created_at)} 催报过${name}${body.periodKey},请 ${Math.ceil(waitMs / 60_000)} 分钟后再试`,
      )

    const filed = await trx
      .insertInto('reporting_reminders')
      .values({
        department_id: rp.department_id,
        indicator_id: rp.indicator_id,
        task_id: rp.task_id,
        jurisdiction_code: rp.jurisdiction_code,
        period_key: rp.period_key,
        kind: 'manual',
        due_date: rp.due_date,
        created_at: ctx.now,
        sent_by: principal.userId,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    let stamp = trx
      .updateTable('reporting_periods')
      .set({ reminded_at: ctx.now })
      .where('period_key', '=', rp.period_key)
    stamp =
      rp.task_id !== null
        ? stamp.where('task_id', '=', rp.task_id)
        : stamp.where('indicator_id', '=', rp.indicator_id).where('jurisdiction_code', '=', rp.jurisdiction_code)
    await stamp.execute()

    const message = reminderMessage('manual', subject.subjectName, rp.period_key, rp.due_date, subject.subject)
    const users = await trx
      .selectFrom('users')
      .select('id')
      .where('department_id', '=', rp.department_id)
      .where('disabled_at', 'is', null)
      .execute()
    if (users.length)
      await trx
        .insertInto('inbox_items')
        .values(
          users.map((u) => ({
            user_id: u.id,
            alert_id: null,
            kind: 'reminder',
            title: `【催报】${subject.subjectName}`.slice(0, 200),
            body: message,
            read_at: null,
          })),
        )
        .execute()
    const reminder = {
      id: String(filed.id),
      kind: 'manual' as const,
      message,
      departmentId: rp.department_id,
      departmentName: rp.department_name,
      ...subject,
      jurisdictionCode: rp.jurisdiction_code,
      periodKey: rp.period_key,
      dueDate: rp.due_date,
      createdAt: filed.created_at.toISOString(),
      recipients: users.length,
    }
    await audit(
      trx,
      principal,
      {
        action: 'reporting.remind',
        entity: 'reporting_reminder',
        entityId: reminder.id,
        after: { ...reminder, message: undefined, task: undefined },
      },
      ctx.requestId,
    )
    return reminder
  })
}

// Asia/Shanghai has no daylight saving: UTC+8 is exact, and users read Beijing time.
const beijingMinute = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
