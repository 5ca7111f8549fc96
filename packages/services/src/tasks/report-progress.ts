import type { TaskProgressAccepted, TaskProgressBody } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { cadenceOf, taskQuery, taskView } from './read.js'
import { markTaskReported } from '../reporting/mark-reported.js'
import { actingDepartment, departmentRole } from './access.js'
import { taskChange } from './events.js'
import { resolveTaskPeriod } from './periods.js'
import { progressRevision } from './progress-history.js'
import { assertBodyEvidence, lostRace, type TaskRequest, type TaskWriteResult, taskRequest } from './task-write.js'

/**
 * A department reports progress on a task or milestone for a period: a new revision (the newest
 * counts; older ones stay as history), durable when this returns. With an Idempotency-Key the same
 * request again answers the first report (replayed) and stores nothing; the key with another body is 409.
 */
export async function reportTaskProgress(
  ctx: ServiceContext,
  taskId: number,
  body: TaskProgressBody,
  opts: { idempotencyKey?: string | undefined },
): Promise<TaskWriteResult<TaskProgressAccepted>> {
  const { db, principal } = ctx
  const departmentId = actingDepartment(principal, body.departmentId)
  const req = taskRequest(principal, taskId, body, opts.idempotencyKey)
  const replay = () => findReplay(db, req, ctx.asOf)
  const first = await replay()
  if (first) return { result: first, changes: [] }

  const task = await taskQuery(db).where('t.id', '=', taskId).executeTakeFirst()
  if (!task) throw notFound(`任务 ${taskId} `)
  const role = await departmentRole(db, taskId, departmentId)
  if (role === null) throw forbidden(`本单位不是任务「${task.title}」的牵头或配合单位,无权报送其进展`)
  const period = resolveTaskPeriod(
    body.period,
    {
      cadence: cadenceOf(task),
      startYear: task.plan_start_year,
      endYear: task.plan_end_year,
      completedOn: task.completed_on,
    },
    ctx.asOf,
  )
  const evidenceIds = body.evidenceIds ?? []
  await assertBodyEvidence(db, principal, departmentId, evidenceIds)

  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('task_progress')
      .values({
        task_id: taskId,
        department_id: departmentId,
        role,
        period_key: period.key,
        period_end: period.end,
        stage: body.stage,
        percent: body.percent ?? null,
        progress: body.progress,
        problems: body.problems || null,
        next_steps: body.nextSteps || null,
        reason: body.reason || null,
        ...req.columns,
        reported_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['idempotency_scope', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return null
    if (evidenceIds.length)
      await trx
        .insertInto('task_progress_evidence')
        .values(evidenceIds.map((evidence_id) => ({ progress_id: row.id, evidence_id })))
        .execute()
    // Reporting discipline: a lead department's first report of the period marks it reported (on time or late).
    await markTaskReported(trx, { taskId, periodKey: period.key, role, reportedAt: ctx.now })
    await audit(
      trx,
      principal,
      {
        action: 'task.progress',
        entity: 'task',
        entityId: taskId,
        after: {
          progressId: row.id,
          departmentId,
          role,
          periodKey: period.key,
          stage: body.stage,
          percent: body.percent ?? null,
          reason: body.reason ?? null,
          evidenceIds,
        },
      },
      ctx.requestId,
    )
    return row.id
  })
  if (id === null) return lostRace(replay)
  const view = (await taskView(db, taskId, ctx.asOf))!
  const { periodKey, revision } = await progressRevision(db, id)
  return {
    result: { periodKey, revision, task: view, replayed: false },
    changes: [taskChange(view, 'progress', departmentId, ctx.now)],
  }
}

async function findReplay(db: Kysely<Database>, req: TaskRequest, asOf: string): Promise<TaskProgressAccepted | null> {
  const prior = await req.prior(
    db,
    'task_progress',
    'Idempotency-Key 已用于另一份不同的进展报送,请为新的报送使用新的键',
  )
  if (!prior) return null
  const { periodKey, revision } = await progressRevision(db, prior.id)
  return { periodKey, revision, task: (await taskView(db, prior.task_id, asOf))!, replayed: true }
}
