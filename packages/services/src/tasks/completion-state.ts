import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

// A task's completion as claims and imports change it, in one place: the lock that serialises them
// on one task, the pending claim they must not pass, and the completion date they set.

/** Locks the task (claims and imports on it wait for each other); its completion date, or undefined if absent. */
export async function lockTask(
  trx: Kysely<Database>,
  taskId: number,
): Promise<{ completed_on: string | null } | undefined> {
  return trx.selectFrom('tasks').select('completed_on').where('id', '=', taskId).forUpdate().executeTakeFirst()
}

/** Whether a claim on the task waits for verification. */
export async function hasPendingClaim(trx: Kysely<Database>, taskId: number): Promise<boolean> {
  const pending = await trx
    .selectFrom('task_completions')
    .select('id')
    .where('task_id', '=', taskId)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return pending !== undefined
}

/** The task counts as complete on `completedOn` (null: open again). */
export async function setTaskCompletedOn(
  trx: Kysely<Database>,
  taskId: number,
  completedOn: string | null,
  now: Date,
): Promise<void> {
  await trx.updateTable('tasks').set({ completed_on: completedOn, updated_at: now }).where('id', '=', taskId).execute()
}
