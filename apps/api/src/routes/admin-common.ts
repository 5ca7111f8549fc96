import type { z } from '@hono/zod-openapi'
import { ApiError, type ChangeEvent } from '@cockpit/contracts'
import { shanghaiDate } from '@cockpit/domain'
import type { WriteContext } from '@cockpit/services/catalog'
import type { Context } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { errorResponses, jsonContent } from '../router.js'

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})
export const adminOnly = requireRole('admin')
/** Every admin write can fail validation, miss its target, meet a conflict, or be refused. */
export const adminErrors = {
  ...errorResponses,
  401: jsonContent(ApiError, '未登录'),
  403: jsonContent(ApiError, '无权限(仅管理员)'),
  409: jsonContent(ApiError, '与现有数据冲突'),
} as const

/** The product clock's now and today, and the request id for the audit log. */
export function writeContext(c: Context<AppEnv>): WriteContext {
  const now = c.get('deps').now()
  return { now, asOf: shanghaiDate(now), requestId: c.get('requestId') }
}

/** After commit: screens and alert evaluation follow the changes (statuses, tasks), as after ingest; never fails the write. */
export async function followStatusChanges(c: Context<AppEnv>, changes: ChangeEvent[]): Promise<void> {
  const { onChanges, logger } = c.get('deps')
  if (!onChanges || changes.length === 0) return
  await onChanges(changes).catch((err) =>
    logger.warn(
      { err, requestId: c.get('requestId') },
      'status follow-up failed; the periodic evaluation will catch up',
    ),
  )
}
