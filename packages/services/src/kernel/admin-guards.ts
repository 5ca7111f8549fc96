import type { DefinitionIssue } from '@cockpit/domain'
import type { Principal } from './principal.js'
import { forbidden, invalid, ServiceError } from './errors.js'

/** Routes already gate on the role; the service checks again so no other caller can skip it. */
export function assertAdmin(actor: Principal): void {
  if (actor.role !== 'admin') throw forbidden('只有管理员可以执行此操作')
}

/** "请求体 targets.0.year: 目标年份 2027 不在规划期 2022–2025 年之内" — the same shape as the edge's zod messages. */
export function invalidBody(issues: DefinitionIssue[]): ServiceError {
  return invalid(issues.map((i) => `请求体 ${i.path}: ${i.message}`).join('; '))
}

export const bodyField = (path: string, message: string) => invalidBody([{ path, message }])

/** A unique constraint lost to a concurrent writer after our own check passed: answer 409, not 500. */
export async function conflictOnUnique<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if ((err as { code?: unknown })?.code === '23505') throw new ServiceError('conflict', message)
    throw err
  }
}
