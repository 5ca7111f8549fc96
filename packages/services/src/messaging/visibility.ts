import type { ChangeEvent } from '@cockpit/contracts'
import type { ServiceContext } from '../kernel/context.js'
import { inScope, readScope } from '../kernel/scope.js'

/**
 * Which live changes a caller may receive, decided once when the stream opens: statuses by the read
 * scope (plan data: reporters get all); alerts as the alert list shows them (reporters: their
 * department's indicators); tasks like statuses; submissions only of the caller's own department, or of departments in a
 * manager's or viewer's jurisdictions. Admins get everything.
 */
export async function changeEventFilter(ctx: ServiceContext): Promise<(e: ChangeEvent) => boolean> {
  const { db, principal: p } = ctx
  if (p.role === 'admin') return () => true
  const scope = readScope(p)
  const owned =
    p.role === 'reporter' && p.departmentId !== null
      ? new Set(
          (
            await db
              .selectFrom('indicator_departments')
              .select('indicator_id')
              .where('department_id', '=', p.departmentId)
              .execute()
          ).map((r) => r.indicator_id),
        )
      : new Set<number>()
  // Alerts about tasks reach a reporter whose department leads or cooperates on the task.
  const ownedTasks =
    p.role === 'reporter' && p.departmentId !== null
      ? new Set(
          (
            await db
              .selectFrom('task_departments')
              .select('task_id')
              .where('department_id', '=', p.departmentId)
              .execute()
          ).map((r) => r.task_id),
        )
      : new Set<number>()
  const departmentJurisdiction =
    p.role === 'reporter'
      ? new Map<number, string>()
      : new Map(
          (await db.selectFrom('departments').select(['id', 'jurisdiction_code']).execute()).map((d) => [
            d.id,
            d.jurisdiction_code,
          ]),
        )
  return (e) => {
    switch (e.type) {
      case 'status':
      // Tasks are plan data like statuses: whoever may read the task may follow it.
      case 'task':
        return inScope(scope, e.jurisdictionCode)
      case 'alert':
        return p.role === 'reporter'
          ? (e.indicatorId !== null && owned.has(e.indicatorId)) || (e.taskId !== null && ownedTasks.has(e.taskId))
          : inScope(scope, e.jurisdictionCode)
      case 'submission': {
        if (e.departmentId === null) return false
        if (p.role === 'reporter') return e.departmentId === p.departmentId
        const code = departmentJurisdiction.get(e.departmentId)
        return code !== undefined && inScope(scope, code)
      }
    }
  }
}
