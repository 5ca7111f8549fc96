import type { z } from '@hono/zod-openapi'
import { ApiError, type ChangeEvent } from '@cockpit/contracts'
import {
  type ClockContext,
  clockContext,
  type ServiceContext,
  serviceContext as buildServiceContext,
} from '@cockpit/services/kernel'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { principalOf, requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { errorBody } from '../errors.js'
import { errorResponses, jsonContent } from '../router.js'

// What route files share: one declaration each, never again per file.

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

/** The multipart envelope (boundaries, part headers, text fields) on top of the file itself. */
export const MULTIPART_SLACK = 64 * 1024
/** A body limit checked while the body streams, answering 413 in the one error shape with `message` (Chinese). */
export const limitBody = (maxBytes: number, message: string) =>
  bodyLimit({ maxSize: maxBytes, onError: (c: Context<AppEnv>) => c.json(errorBody(c, 'too_large', message), 413) })
/** `limitBody` for a request body of JSON, in whole megabytes. */
export const limitJsonMb = (maxBytes: number) =>
  limitBody(maxBytes, `请求体超过 ${Math.round(maxBytes / 1024 / 1024)} MB 上限`)

/**
 * The one place a request becomes a service context: the database, the caller (set by `requireRole`),
 * the product clock's now and today, and the request id for the audit log.
 */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return buildServiceContext(c.get('deps').db, principalOf(c), c.get('deps').now(), c.get('requestId'))
}

/** The product clock's now and today, and the request id for the audit log (for writes that act for no caller). */
export function writeContext(c: Context<AppEnv>): ClockContext {
  return clockContext(c.get('deps').now(), c.get('requestId'))
}

/**
 * After commit: the one after-commit path (`changeFollower`: screens, alert evaluation), as after ingest.
 * Never fails the write: the follower logs and the periodic runs catch up.
 */
export async function followStatusChanges(c: Context<AppEnv>, changes: ChangeEvent[]): Promise<void> {
  await c.get('deps').afterCommit?.(changes)
}

/** Awaits a write that returns what it changed, runs the after-commit path, and gives back the write's result. */
export async function committed<T>(
  c: Context<AppEnv>,
  write: Promise<{ result: T; changes: ChangeEvent[] }>,
): Promise<T> {
  const { result, changes } = await write
  await followStatusChanges(c, changes)
  return result
}

/** Awaits a write that answers nothing and responds 204 (the handlers' one shape for acting on a resource). */
export async function noContent(c: Context<AppEnv>, write: Promise<unknown>): Promise<Response> {
  await write
  return c.body(null, 204)
}
