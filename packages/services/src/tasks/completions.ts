import type {
  TaskCompletion,
  TaskCompletionAccepted,
  TaskCompletionClaimBody,
  TaskCompletionQuery,
  TaskDetail,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { bodyField, conflictOnUnique } from '../kernel/admin-guards.js'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { assertFilterInScope, readScope } from '../kernel/scope.js'
import { forbidden, notFound, ServiceError } from '../kernel/errors.js'
import { descendantCodes } from '../kernel/jurisdictions.js'
import { getTask, taskQuery, taskView } from './read.js'
import { assertVerifier } from './access.js'
import { hasPendingClaim, lockTask, setTaskCompletedOn } from './completion-state.js'
import { completionById, completionQuery, toCompletions } from './completion-view.js'
import { taskChange } from './events.js'
import { assertBodyEvidence, lostRace, type TaskRequest, type TaskWriteResult, taskRequest } from './task-write.js'
import { anyText } from '../kernel/any-of.js'

const PENDING_EXISTS = '该任务已有待审核的销号申请,请等待分管领导审核后再申请'

/**
 * The lead department claims a task or milestone complete (销号申请). It sets nothing by itself: the
 * claim waits for a manager's verification. Reporters and tokens of a lead department claim for it; an
 * administrator claims for the (first) lead department. Idempotent with an Idempotency-Key like reports.
 */
export async function claimTaskCompletion(
  ctx: ServiceContext,
  taskId: number,
  body: TaskCompletionClaimBody,
  opts: { idempotencyKey?: string | undefined },
): Promise<TaskWriteResult<TaskCompletionAccepted>> {
  const { db, principal } = ctx
  if (principal.role !== 'admin' && !(principal.role === 'reporter' && principal.departmentId !== null))
    throw forbidden('只有牵头单位的填报员、单位接口令牌或管理员可以申请任务销号')
  const req = taskRequest(principal, taskId, body, opts.idempotencyKey)
  const replay = () => findReplay(db, req)
  const first = await replay()
  if (first) return { result: first, changes: [] }

  const task = await taskQuery(db).where('t.id', '=', taskId).executeTakeFirst()
  if (!task) throw notFound(`任务 ${taskId} `)
  const leads = (
    await db
      .selectFrom('task_departments')
      .select('department_id')
      .where('task_id', '=', taskId)
      .where('role', '=', 'lead')
      .orderBy('department_id')
      .execute()
  ).map((l) => l.department_id)
  let departmentId: number
  if (principal.role === 'admin') {
    if (leads.length === 0) throw new ServiceError('conflict', `任务「${task.title}」没有牵头单位,请先为其指定牵头单位`)
    departmentId = leads[0]!
  } else {
    departmentId = principal.departmentId!
    if (!leads.includes(departmentId)) throw forbidden(`只有任务「${task.title}」的牵头单位可以申请销号`)
  }
  if (task.completed_on !== null)
    throw new ServiceError('conflict', `该任务已于 ${task.completed_on} 销号;如需更正,请分管领导先撤销销号`)
  const completedOn = body.completedOn ?? ctx.asOf
  if (completedOn > ctx.asOf)
    throw bodyField('completedOn', `完成日期 ${completedOn} 晚于今天(${ctx.asOf}),不能预报完成`)
  if (completedOn < `${task.plan_start_year}-01-01`)
    throw bodyField('completedOn', `完成日期 ${completedOn} 早于规划期起始年份 ${task.plan_start_year} 年`)
  const evidenceIds = body.evidenceIds ?? []
  await assertBodyEvidence(db, principal, departmentId, evidenceIds)

  const id = await conflictOnUnique(
    () =>
      db.transaction().execute(async (trx) => {
        // Serialises claims on one task: the pending check and the insert see the same state.
        await lockTask(trx, taskId)
        if (await hasPendingClaim(trx, taskId)) throw new ServiceError('conflict', PENDING_EXISTS)
        const row = await trx
          .insertInto('task_completions')
          .values({
            task_id: taskId,
            department_id: departmentId,
            claimed_on: completedOn,
            note: body.note || null,
            ...req.columns,
            claimed_at: ctx.now,
          })
          .onConflict((oc) => oc.columns(['idempotency_scope', 'idempotency_key']).doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!row) return null
        if (evidenceIds.length)
          await trx
            .insertInto('task_completion_evidence')
            .values(evidenceIds.map((evidence_id) => ({ completion_id: row.id, evidence_id })))
            .execute()
        await audit(
          trx,
          principal,
          {
            action: 'task.completion.claim',
            entity: 'task',
            entityId: taskId,
            after: { completionId: row.id, departmentId, claimedOn: completedOn, note: body.note ?? null, evidenceIds },
          },
          ctx.requestId,
        )
        return row.id
      }),
    PENDING_EXISTS,
  )
  if (id === null) return lostRace(replay)
  const view = (await taskView(db, taskId, ctx.asOf))!
  return {
    result: { completion: await completionById(db, id), replayed: false },
    changes: [taskChange(view, 'claim', departmentId, ctx.now)],
  }
}

async function findReplay(db: Kysely<Database>, req: TaskRequest): Promise<TaskCompletionAccepted | null> {
  const prior = await req.prior(
    db,
    'task_completions',
    'Idempotency-Key 已用于另一份不同的销号申请,请为新的申请使用新的键',
  )
  if (!prior) return null
  return { completion: await completionById(db, prior.id), replayed: true }
}

/** Locks a claim and its task, checks the verifier's scope and that the claim still waits. */
async function lockPendingClaim(trx: Kysely<Database>, principal: Principal, id: number) {
  const claim = await trx
    .selectFrom('task_completions as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select([
      'c.id',
      'c.task_id',
      'c.department_id',
      'c.claimed_on',
      'c.state',
      'p.jurisdiction_code',
      't.completed_on',
    ])
    .where('c.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!claim) throw notFound(`销号申请 ${id} `)
  assertVerifier(principal, claim.jurisdiction_code)
  if (claim.state !== 'pending')
    throw new ServiceError(
      'conflict',
      `该销号申请已处理(${claim.state === 'approved' ? '已销号' : claim.state === 'returned' ? '已退回' : '已撤销销号'}),不能重复审核`,
    )
  return claim
}

/**
 * A manager in scope (or an admin) approves a claim: the task is complete on the claimed date
 * (tasks.completed_on), which makes it 按期完成 or 逾期完成. Audited on the task.
 */
export async function approveTaskCompletion(
  ctx: ServiceContext,
  id: number,
  comment: string | undefined,
): Promise<TaskWriteResult<TaskCompletion>> {
  const { db, principal } = ctx
  const claim = await db.transaction().execute(async (trx) => {
    const c = await lockPendingClaim(trx, principal, id)
    const decisionComment = comment?.trim() || null
    await trx
      .updateTable('task_completions')
      .set({ state: 'approved', decided_by: principal.userId, decided_at: ctx.now, decision_comment: decisionComment })
      .where('id', '=', id)
      .execute()
    await setTaskCompletedOn(trx, c.task_id, c.claimed_on, ctx.now)
    await audit(
      trx,
      principal,
      {
        action: 'task.completion.approve',
        entity: 'task',
        entityId: c.task_id,
        before: { completedOn: c.completed_on },
        after: { completionId: id, completedOn: c.claimed_on, comment: decisionComment },
      },
      ctx.requestId,
    )
    return c
  })
  return decided(db, id, claim, 'approve', ctx)
}

/** A manager in scope (or an admin) returns a claim with a comment the department sees; nothing else changes. */
export async function returnTaskCompletion(
  ctx: ServiceContext,
  id: number,
  comment: string,
): Promise<TaskWriteResult<TaskCompletion>> {
  const { db, principal } = ctx
  const claim = await db.transaction().execute(async (trx) => {
    const c = await lockPendingClaim(trx, principal, id)
    await trx
      .updateTable('task_completions')
      .set({ state: 'returned', decided_by: principal.userId, decided_at: ctx.now, decision_comment: comment })
      .where('id', '=', id)
      .execute()
    await audit(
      trx,
      principal,
      {
        action: 'task.completion.return',
        entity: 'task',
        entityId: c.task_id,
        after: { completionId: id, claimedOn: c.claimed_on, comment },
      },
      ctx.requestId,
    )
    return c
  })
  return decided(db, id, claim, 'return', ctx)
}

async function decided(
  db: Kysely<Database>,
  id: number,
  claim: { task_id: number; department_id: number },
  action: 'approve' | 'return',
  ctx: ServiceContext,
): Promise<TaskWriteResult<TaskCompletion>> {
  const view = (await taskView(db, claim.task_id, ctx.asOf))!
  return { result: await completionById(db, id), changes: [taskChange(view, action, claim.department_id, ctx.now)] }
}

/**
 * A manager in scope (or an admin) withdraws an approved completion, with a reason: the task is open
 * again (completed_on cleared) and the department may claim anew. Answers the task as it now stands.
 */
export async function reopenTask(
  ctx: ServiceContext,
  taskId: number,
  reason: string,
): Promise<TaskWriteResult<TaskDetail>> {
  const { db, principal } = ctx
  const departmentId = await db.transaction().execute(async (trx) => {
    const task = await trx
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.id', 't.completed_on', 'p.jurisdiction_code'])
      .where('t.id', '=', taskId)
      .forUpdate()
      .executeTakeFirst()
    if (!task) throw notFound(`任务 ${taskId} `)
    assertVerifier(principal, task.jurisdiction_code)
    if (task.completed_on === null) throw new ServiceError('conflict', '该任务尚未销号,无需撤销')
    const approved = await trx
      .selectFrom('task_completions')
      .select(['id', 'department_id'])
      .where('task_id', '=', taskId)
      .where('state', '=', 'approved')
      .executeTakeFirst()
    if (approved)
      await trx
        .updateTable('task_completions')
        .set({ state: 'reopened', reopen_reason: reason, reopened_by: principal.userId, reopened_at: ctx.now })
        .where('id', '=', approved.id)
        .execute()
    await setTaskCompletedOn(trx, taskId, null, ctx.now)
    await audit(
      trx,
      principal,
      {
        action: 'task.completion.reopen',
        entity: 'task',
        entityId: taskId,
        before: { completedOn: task.completed_on },
        after: { completedOn: null, completionId: approved?.id ?? null, reason },
      },
      ctx.requestId,
    )
    return approved?.department_id ?? null
  })
  const detail = await getTask(db, taskId, ctx.asOf, null)
  return { result: detail, changes: [taskChange(detail, 'reopen', departmentId, ctx.now)] }
}

/**
 * Claims in one state inside the caller's read scope (the verification queue: pending, oldest first;
 * decided ones newest decision first). A jurisdiction filter covers the places below it too.
 */
export async function listTaskCompletions(
  ctx: ServiceContext,
  query: TaskCompletionQuery,
): Promise<{ items: TaskCompletion[]; total: number }> {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  assertFilterInScope(scope, query.jurisdiction)
  let q = completionQuery(db).where('c.state', '=', query.state)
  if (scope !== null) q = q.where('p.jurisdiction_code', '=', anyText(scope))
  if (query.jurisdiction)
    q = q.where('p.jurisdiction_code', '=', anyText(await descendantCodes(db, query.jurisdiction)))
  if (query.department !== undefined) q = q.where('c.department_id', '=', query.department)
  const total = (
    await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n
  const order =
    query.state === 'pending'
      ? q.orderBy('c.claimed_at').orderBy('c.id')
      : q.orderBy('c.decided_at', 'desc').orderBy('c.id', 'desc')
  return { items: await toCompletions(db, await order.limit(query.limit).execute()), total: Number(total) }
}
