import { taskCompletionStateLabels, type TaskCompletion } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { effectiveDueDate } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { completionEvidence } from './evidence-refs.js'

export function completionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('task_completions as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('users as cu', 'cu.id', 'c.user_id')
    .leftJoin('api_tokens as ck', 'ck.id', 'c.token_id')
    .leftJoin('users as du', 'du.id', 'c.decided_by')
    .leftJoin('users as ru', 'ru.id', 'c.reopened_by')
    .selectAll('c')
    .select([
      't.kind as task_kind',
      't.number as task_number',
      't.title as task_title',
      't.due_date as task_due_date',
      'p.end_year as plan_end_year',
      'p.key as plan_key',
      'p.jurisdiction_code',
      'd.name as department_name',
      'cu.display_name as claimant_user',
      'ck.name as claimant_token',
      'du.display_name as decider',
      'ru.display_name as reopener',
    ])
}
type CompletionRow = Awaited<ReturnType<ReturnType<typeof completionQuery>['executeTakeFirstOrThrow']>>

/** Rows as the API shows them, with their evidence (one query for all). */
export async function toCompletions(db: Kysely<Database>, rows: CompletionRow[]): Promise<TaskCompletion[]> {
  const evidence = await completionEvidence(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => {
    const due = effectiveDueDate(r.task_due_date, r.plan_end_year)
    return {
      id: r.id,
      taskId: r.task_id,
      taskKind: r.task_kind,
      taskNumber: r.task_number,
      taskTitle: r.task_title,
      planKey: r.plan_key,
      jurisdictionCode: r.jurisdiction_code,
      effectiveDueDate: due,
      departmentId: r.department_id,
      departmentName: r.department_name,
      claimedOn: r.claimed_on,
      late: r.claimed_on > due,
      note: r.note,
      evidence: evidence.get(r.id) ?? [],
      claimedBy: r.claimant_user ?? (r.claimant_token ? `接口令牌「${r.claimant_token}」` : '未知'),
      claimedAt: r.claimed_at.toISOString(),
      state: r.state,
      stateLabel: taskCompletionStateLabels[r.state],
      decidedBy: r.decider ?? (r.decided_at ? '管理员' : null),
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionComment: r.decision_comment,
      reopenReason: r.reopen_reason,
      reopenedBy: r.reopener ?? (r.reopened_at ? '管理员' : null),
      reopenedAt: r.reopened_at?.toISOString() ?? null,
    }
  })
}

/** A task's claims, newest first. */
export async function completionsOfTask(db: Kysely<Database>, taskId: number): Promise<TaskCompletion[]> {
  return toCompletions(db, await completionQuery(db).where('c.task_id', '=', taskId).orderBy('c.id', 'desc').execute())
}

export async function completionById(db: Kysely<Database>, id: number): Promise<TaskCompletion> {
  const [view] = await toCompletions(db, [await completionQuery(db).where('c.id', '=', id).executeTakeFirstOrThrow()])
  return view!
}
