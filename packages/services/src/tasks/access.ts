import type { DepartmentRole } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { Principal } from '../kernel/principal.js'
import { inScope } from '../kernel/scope.js'
import { forbidden, invalid } from '../kernel/errors.js'

/**
 * The department a progress report or a claim is made for: a reporter's or token's own (naming
 * another is refused), or, for an administrator acting on its behalf, the one the body names.
 */
export function actingDepartment(p: Principal, named: number | undefined): number {
  if (p.role === 'reporter' && p.departmentId !== null) {
    if (named !== undefined && named !== p.departmentId)
      throw forbidden(`请求体 departmentId: 只能以本单位名义报送,不能代部门 ${named} 报送`)
    return p.departmentId
  }
  if (p.role === 'admin') {
    if (named === undefined) throw invalid('请求体 departmentId: 管理员代为报送时须指明代哪个部门报送')
    return named
  }
  throw forbidden('只有责任单位填报员、单位接口令牌或管理员可以报送任务进展')
}

/** The department's role on the task (lead or cooperating), or null when it is not linked to it. */
export async function departmentRole(
  db: Kysely<Database>,
  taskId: number,
  departmentId: number,
): Promise<DepartmentRole | null> {
  const link = await db
    .selectFrom('task_departments')
    .select('role')
    .where('task_id', '=', taskId)
    .where('department_id', '=', departmentId)
    .executeTakeFirst()
  return link?.role ?? null
}

/**
 * Verification (销号) and reopening are decided by administrators, and by managers within their
 * jurisdictions (which already hold the descendants); a write outside the scope is refused (403).
 */
export function assertVerifier(p: Principal, jurisdictionCode: string): void {
  if (p.role === 'admin') return
  if (p.role !== 'manager') throw forbidden('只有管理员和分管领导可以审核任务销号')
  if (!inScope(p.jurisdictions, jurisdictionCode))
    throw forbidden(`无权审核行政区划 ${jurisdictionCode} 的任务销号(不在当前账号的辖区内)`)
}
