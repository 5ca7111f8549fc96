import type { ClockContext } from '../kernel/context.js'
import type { AdminTaskUpdate, TaskDetail } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { assertAdmin } from '../kernel/admin-guards.js'
import { audit } from '../kernel/audit.js'
import type { Principal } from '../kernel/principal.js'
import { notFound } from '../kernel/errors.js'
import { getTask } from './read.js'

/** Sets a task's own reporting cadence, or null to follow its plan's (admin); answers the task. */
export async function updateTaskSettings(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: AdminTaskUpdate,
  ctx: ClockContext,
): Promise<TaskDetail> {
  assertAdmin(actor)
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('tasks')
      .select(['id', 'report_cadence'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!before) throw notFound(`任务 ${id} `)
    await trx
      .updateTable('tasks')
      .set({ report_cadence: input.reportCadence, updated_at: ctx.now })
      .where('id', '=', id)
      .execute()
    await audit(
      trx,
      actor,
      {
        action: 'task.update',
        entity: 'task',
        entityId: id,
        before: { reportCadence: before.report_cadence },
        after: { reportCadence: input.reportCadence },
      },
      ctx.requestId ?? null,
    )
  })
  return getTask(db, id, ctx.asOf, null)
}
