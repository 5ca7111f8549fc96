import { z } from 'zod'

/**
 * Every `code` an error answer may carry; the HTTP status follows from it (`statusOf` in apps/api/src/errors.ts).
 * A client branches on the code, never on the Chinese message.
 */
export const ErrorCode = z.enum([
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'too_many_requests',
  'internal_error',
  /** The database is away (503 with Retry-After); nothing was stored. */
  'database_unavailable',
  /** A part of the service that this instance runs without (the live event stream without Redis). */
  'unavailable',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * One field's problem: `path` is the field inside the request body (or query, path parameters) with array
 * indexes and nested names joined by dots ("targets.0.year"), '' for the body as a whole; `message` is Chinese.
 */
export const FieldIssue = z.object({ path: z.string(), message: z.string() })
export type FieldIssue = z.infer<typeof FieldIssue>

/** The one error shape every route returns; `issues` when the refusal is about named fields. */
export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  requestId: z.string(),
  issues: z.array(FieldIssue).optional(),
})
export type ApiError = z.infer<typeof ApiError>
