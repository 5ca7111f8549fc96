import type { ServiceContext } from '../kernel/context.js'
import type { AdminTaskUpdate, TaskDetail } from '@cockpit/contracts'
import { assertAdmin } from '../kernel/admin-guards.js'
import { audit } from '../kernel/audit.js'
import { notFound } from '../kernel/errors.js'
import { getTask } from './read.js'

/** Sets a task's own reporting cadence, or null to follow its plan's (admin); answers the task. */
export async function updateTaskSettings(ctx: ServiceContext, id: number, input: AdminTaskUpdate): Promise<TaskDetail> {
  const { db, principal } = ctx
  assertAdmin(principal)
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
      principal,
      {
        action: 'task.update',
        entity: 'task',
        entityId: id,
        before: { reportCadence: before.report_cadence },
        after: { reportCadence: input.reportCadence },
      },
      ctx.requestId,
    )
  })
  return getTask(db, id, ctx.asOf, null)
}
