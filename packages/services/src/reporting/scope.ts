import type { ServiceContext } from '../kernel/context.js'
import { assertFilterInScope, readScope } from '../kernel/scope.js'
import { forbidden } from '../kernel/errors.js'
import { descendantCodes } from '../kernel/jurisdictions.js'

/** What a caller may see of reporting discipline: null jurisdictions = everywhere, a department = only its own. */
export interface ReportingScope {
  jurisdictions: string[] | null
  departmentId: number | null
}

/**
 * Admins see everything; managers and viewers their jurisdictions (and below; an unscoped viewer
 * everything); a reporter or department token only its own department. Asking for a jurisdiction or
 * department outside that is refused (403) rather than silently narrowed.
 */
export async function reportingScope(
  ctx: ServiceContext,
  asked: { jurisdiction?: string | undefined; departmentId?: number | undefined },
): Promise<ReportingScope> {
  const { db, principal } = ctx
  const below = async (code: string | undefined) => (code ? descendantCodes(db, code) : null)
  if (principal.role === 'admin')
    return { jurisdictions: await below(asked.jurisdiction), departmentId: asked.departmentId ?? null }
  if (principal.role === 'manager' || principal.role === 'viewer') {
    const scope = readScope(principal)
    assertFilterInScope(scope, asked.jurisdiction)
    return {
      jurisdictions: asked.jurisdiction ? await below(asked.jurisdiction) : scope === null ? null : [...scope],
      departmentId: asked.departmentId ?? null,
    }
  }
  if (principal.role === 'reporter' && principal.departmentId !== null) {
    if (asked.departmentId !== undefined && asked.departmentId !== principal.departmentId)
      throw forbidden('只能查看本单位的报送情况')
    return { jurisdictions: await below(asked.jurisdiction), departmentId: principal.departmentId }
  }
  throw forbidden('当前账号无权查看报送情况')
}
