import type { ChangeEvent, TaskProgressAccepted, TaskProgressBody } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../kernel/audit.js'
import type { Principal } from '../kernel/principal.js'
import { sha256 } from '../kernel/secrets.js'
import { forbidden, notFound, ServiceError } from '../kernel/errors.js'
import { assertEvidenceOwned } from '../evidence/evidence.js'
import { cadenceOf, taskQuery, taskView } from './read.js'
import { markTaskReported } from '../reporting/mark-reported.js'
import { idempotencyScope } from '../kernel/submitter.js'
import { actingDepartment, departmentRole } from './access.js'
import { taskChange } from './events.js'
import { resolveTaskPeriod } from './periods.js'
import { progressRevision } from './progress-history.js'

export interface TaskWriteContext {
  /** The product clock: reported_at / decided_at, and (as asOf) the default period and due states. */
  now: Date
  asOf: string
  requestId?: string | null | undefined
}

export interface TaskWriteResult<T> {
  result: T
  /** For the live stream after commit. */
  changes: ChangeEvent[]
}

/**
 * A department reports progress on a task or milestone for a period: a new revision (the newest
 * counts; older ones stay as history), durable when this returns. With an Idempotency-Key the same
 * request again answers the first report (replayed) and stores nothing; the key with another body is 409.
 */
export async function reportTaskProgress(
  db: Kysely<Database>,
  principal: Principal,
  taskId: number,
  body: TaskProgressBody,
  opts: { idempotencyKey?: string | undefined },
  ctx: TaskWriteContext,
): Promise<TaskWriteResult<TaskProgressAccepted>> {
  const departmentId = actingDepartment(principal, body.departmentId)
  const requestHash = sha256(JSON.stringify({ taskId, body }))
  const idem = opts.idempotencyKey ? { scope: idempotencyScope(principal), key: opts.idempotencyKey } : null
  if (idem) {
    const replay = await findReplay(db, idem, requestHash, ctx.asOf)
    if (replay) return { result: replay, changes: [] }
  }

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
  await assertEvidenceOwned(
    db,
    principal.role === 'admin' ? null : departmentId,
    evidenceIds.map((id, n) => ({ id, path: `evidenceIds.${n}` })),
  )

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
        user_id: principal.userId,
        token_id: principal.tokenId,
        idempotency_scope: idem?.scope ?? null,
        idempotency_key: idem?.key ?? null,
        request_hash: requestHash,
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
      ctx.requestId ?? null,
    )
    return row.id
  })
  if (id === null) {
    // Lost a race with a concurrent retry of the same request: answer as that one did.
    const replay = idem && (await findReplay(db, idem, requestHash, ctx.asOf))
    if (replay) return { result: replay, changes: [] }
    throw new ServiceError('conflict', '重复请求冲突,请稍后重试')
  }
  const view = (await taskView(db, taskId, ctx.asOf))!
  const { periodKey, revision } = await progressRevision(db, id)
  return {
    result: { periodKey, revision, task: view, replayed: false },
    changes: [taskChange(view, 'progress', departmentId, ctx.now)],
  }
}

async function findReplay(
  db: Kysely<Database>,
  idem: { scope: string; key: string },
  requestHash: string,
  asOf: string,
): Promise<TaskProgressAccepted | null> {
  const prior = await db
    .selectFrom('task_progress')
    .select(['id', 'task_id', 'request_hash'])
    .where('idempotency_scope', '=', idem.scope)
    .where('idempotency_key', '=', idem.key)
    .executeTakeFirst()
  if (!prior) return null
  if (prior.request_hash !== requestHash)
    throw new ServiceError('conflict', 'Idempotency-Key 已用于另一份不同的进展报送,请为新的报送使用新的键')
  const { periodKey, revision } = await progressRevision(db, prior.id)
  return { periodKey, revision, task: (await taskView(db, prior.task_id, asOf))!, replayed: true }
}
