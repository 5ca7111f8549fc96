import { forbidden } from './errors.js'
import type { Principal } from './principal.js'

/** The jurisdiction codes a caller may read (descendants included), or null for everywhere. */
export type ReadScope = readonly string[] | null

/**
 * What a caller may read of jurisdiction-bound data (indicators, plans, tasks, departments, alerts,
 * statuses). Admins and reporters read everything (plan documents are public; reporters' own data is
 * narrowed by department elsewhere); a manager only their jurisdictions (none assigned: nothing);
 * a viewer their jurisdictions when they have any, else everything.
 */
export function readScope(p: Principal): ReadScope {
  if (p.role === 'admin' || p.role === 'reporter') return null
  if (p.role === 'viewer') return p.jurisdictions.length ? p.jurisdictions : null
  return p.jurisdictions
}

export const inScope = (scope: ReadScope, code: string) => scope === null || scope.includes(code)

/**
 * A list filter naming a jurisdiction outside the caller's scope is refused (403) rather than answered
 * with an empty list, so a screen never shows "no data" for a place it may not see.
 */
export function assertFilterInScope(scope: ReadScope, code: string | undefined, where = '查询参数 jurisdiction'): void {
  if (code !== undefined && !inScope(scope, code))
    throw forbidden(`${where}: 无权查看行政区划 ${code} 的数据(不在当前账号的辖区内)`)
}
