import type { ChangeEvent, ImportTasksBody, ImportTasksResult } from '@cockpit/contracts'
import { sql } from 'kysely'
import { bodyField } from '../kernel/admin-guards.js'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import { forbidden, ServiceError } from '../kernel/errors.js'
import { cadenceOf, taskQuery, taskView } from './read.js'
import { importedReportTime, reportDueDate } from '../reporting/index.js'
import { hasPendingClaim, lockTask, setTaskCompletedOn } from './completion-state.js'
import { taskChange } from './events.js'
import { resolveTaskPeriod } from './periods.js'
import type { TaskWriteResult } from './task-write.js'
import { anyInt } from '../kernel/any-of.js'

const INSERT_CHUNK = 500
const DECISION_COMMENT = '历史数据导入'

/** A period check's message ("请求体 period: …") said of the item it belongs to. */
function atPath(path: string, work: () => ReturnType<typeof resolveTaskPeriod>) {
  try {
    return work()
  } catch (err) {
    if (err instanceof ServiceError && err.message.startsWith('请求体 period: '))
      throw bodyField(path, err.message.slice('请求体 period: '.length))
    throw err
  }
}

/** When an imported completion counts as claimed and verified: the evening of the day it was done, or the import itself if earlier. */
const completedAt = (completedOn: string, importedAt: Date): Date => {
  const evening = new Date(`${completedOn}T18:00:00+08:00`)
  return evening.getTime() < importedAt.getTime() ? evening : importedAt
}

/**
 * 历史数据导入 for tasks (administrators): progress reports and verified completions from before the
 * product was in use. Each report counts as made on time (at its period's due date, importedReportTime);
 * each completion is stored as the lead department's claim, approved on the day the work was done.
 * All or nothing, in one transaction; an item that already has its record (a report for the task,
 * department and period; a task complete or waiting for verification) is skipped, so an import run
 * twice changes nothing. Only periods that have ended can be imported, and no evidence is attached.
 */
export async function importTaskHistory(
  ctx: ServiceContext,
  body: ImportTasksBody,
): Promise<TaskWriteResult<ImportTasksResult>> {
  const { db, principal } = ctx
  if (principal.role !== 'admin' || principal.userId === null) throw forbidden('只有系统管理员可以导入历史数据')
  const ids = [...new Set([...body.progress.map((p) => p.taskId), ...body.completions.map((c) => c.taskId)])]
  const tasks = new Map(
    (ids.length ? await taskQuery(db).where('t.id', '=', anyInt(ids)).execute() : []).map((t) => [t.id, t]),
  )
  const links = ids.length
    ? await db
        .selectFrom('task_departments')
        .select(['task_id', 'department_id', 'role'])
        .where('task_id', '=', anyInt(ids))
        .orderBy('department_id')
        .execute()
    : []
  const roleOf = new Map(links.map((l) => [`${l.task_id}|${l.department_id}`, l.role]))
  const taskOf = (taskId: number, path: string) => {
    const t = tasks.get(taskId)
    if (!t) throw bodyField(path, `任务 ${taskId} 不存在`)
    return t
  }

  const rows = body.progress.map((item, n) => {
    const at = `progress.${n}`
    const task = taskOf(item.taskId, `${at}.taskId`)
    const r = item.report
    if (r.departmentId === undefined) throw bodyField(`${at}.report.departmentId`, '导入进展须写明报送部门')
    const role = roleOf.get(`${task.id}|${r.departmentId}`)
    if (role === undefined)
      throw bodyField(`${at}.report.departmentId`, `部门 ${r.departmentId} 不是任务「${task.title}」的牵头或配合单位`)
    if (r.period === undefined) throw bodyField(`${at}.report.period`, '导入进展须写明报告期')
    if (r.evidenceIds?.length) throw bodyField(`${at}.report.evidenceIds`, '历史导入不附佐证材料')
    const period = atPath(`${at}.report.period`, () =>
      resolveTaskPeriod(
        r.period,
        { cadence: cadenceOf(task), startYear: task.plan_start_year, endYear: task.plan_end_year, completedOn: null },
        ctx.asOf,
      ),
    )
    if (period.end >= ctx.asOf)
      throw bodyField(`${at}.report.period`, `报告期 ${period.key} 尚未结束,历史导入只接受已结束的报告期`)
    return {
      task_id: task.id,
      department_id: r.departmentId,
      role,
      period_key: period.key,
      period_end: period.end,
      stage: r.stage,
      percent: r.percent ?? null,
      progress: r.progress,
      problems: r.problems || null,
      next_steps: r.nextSteps || null,
      reason: r.reason || null,
      user_id: principal.userId,
      token_id: null,
      reported_at: importedReportTime(reportDueDate(period), ctx.now),
      source: 'import' as const,
    }
  })

  const claims = body.completions.map((c, n) => {
    const at = `completions.${n}`
    const task = taskOf(c.taskId, `${at}.taskId`)
    const lead = links.find((l) => l.task_id === task.id && l.role === 'lead')
    if (!lead) throw bodyField(`${at}.taskId`, `任务「${task.title}」没有牵头单位,无法记录销号`)
    if (c.completedOn > ctx.asOf)
      throw bodyField(`${at}.completedOn`, `完成日期 ${c.completedOn} 晚于今天(${ctx.asOf})`)
    if (c.completedOn < `${task.plan_start_year}-01-01`)
      throw bodyField(`${at}.completedOn`, `完成日期 ${c.completedOn} 早于规划期起始年份 ${task.plan_start_year} 年`)
    return { taskId: task.id, departmentId: lead.department_id, completedOn: c.completedOn, note: c.note || null }
  })

  const result = await db.transaction().execute(async (trx) => {
    // Only gaps are filled: a report that exists for the task, department and period stays as it is.
    const existing = new Set<string>()
    if (rows.length) {
      const have = await sql<{ task_id: number; department_id: number; period_key: string }>`
        select distinct task_id, department_id, period_key from task_progress where task_id = any(${[...new Set(rows.map((r) => r.task_id))]}::int[])`.execute(
        trx,
      )
      for (const h of have.rows) existing.add(`${h.task_id}|${h.department_id}|${h.period_key}`)
    }
    const fresh = rows.filter((r) => {
      const key = `${r.task_id}|${r.department_id}|${r.period_key}`
      if (existing.has(key)) return false
      existing.add(key)
      return true
    })
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK)
      await trx
        .insertInto('task_progress')
        .values(fresh.slice(i, i + INSERT_CHUNK))
        .execute()
    if (fresh.length)
      await audit(
        trx,
        principal,
        {
          action: 'task.progress.import',
          entity: 'task',
          entityId: 'import',
          after: { reports: fresh.length, tasks: new Set(fresh.map((r) => r.task_id)).size },
        },
        ctx.requestId,
      )

    const completed: { taskId: number; departmentId: number }[] = []
    for (const c of claims) {
      // Checked to exist above (taskOf), and tasks are never deleted.
      const task = (await lockTask(trx, c.taskId))!
      if (
        task.completed_on !== null ||
        (await hasPendingClaim(trx, c.taskId)) ||
        completed.some((x) => x.taskId === c.taskId)
      )
        continue
      const when = completedAt(c.completedOn, ctx.now)
      const row = await trx
        .insertInto('task_completions')
        .values({
          task_id: c.taskId,
          department_id: c.departmentId,
          claimed_on: c.completedOn,
          note: c.note,
          state: 'approved',
          user_id: principal.userId,
          claimed_at: when,
          decided_by: principal.userId,
          decided_at: when,
          decision_comment: DECISION_COMMENT,
          source: 'import',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await setTaskCompletedOn(trx, c.taskId, c.completedOn, ctx.now)
      await audit(
        trx,
        principal,
        {
          action: 'task.completion.import',
          entity: 'task',
          entityId: c.taskId,
          before: { completedOn: null },
          after: { completionId: row.id, completedOn: c.completedOn, departmentId: c.departmentId },
        },
        ctx.requestId,
      )
      completed.push(c)
    }
    return { stored: fresh.length, completed }
  })

  // Walls follow completions (few); imported reports change what they show only at the next read.
  const changes: ChangeEvent[] = []
  for (const c of result.completed) {
    const view = await taskView(db, c.taskId, ctx.asOf)
    if (view) changes.push(taskChange(view, 'approve', c.departmentId, ctx.now))
  }
  return {
    result: {
      progress: { stored: result.stored, skipped: rows.length - result.stored },
      completions: { stored: result.completed.length, skipped: claims.length - result.completed.length },
    },
    changes,
  }
}
