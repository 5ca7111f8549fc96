import type { ChangeEvent } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { assertEvidenceOwned } from '../evidence/evidence.js'
import { ServiceError } from '../kernel/errors.js'
import type { Principal } from '../kernel/principal.js'
import { sha256 } from '../kernel/secrets.js'
import { idempotencyScope } from '../kernel/submitter.js'

// What a department's writes on a task (a progress report, a completion claim) share: the
// Idempotency-Key handling, the caller's columns and the evidence check, in one place.

export interface TaskWriteResult<T> {
  result: T
  /** For the live stream after commit. */
  changes: ChangeEvent[]
}

/** A request on a task as the idempotency check sees it: the caller's key (if any) and the body's hash. */
export interface TaskRequest {
  idem: { scope: string; key: string } | null
  requestHash: string
}

export function taskRequest(
  principal: Principal,
  taskId: number,
  body: unknown,
  idempotencyKey: string | undefined,
): TaskRequest {
  return {
    idem: idempotencyKey ? { scope: idempotencyScope(principal), key: idempotencyKey } : null,
    requestHash: sha256(JSON.stringify({ taskId, body })),
  }
}

/** The columns that say who made the request and under which key, on the row it stores. */
export const requestColumns = (principal: Principal, req: TaskRequest) => ({
  user_id: principal.userId,
  token_id: principal.tokenId,
  idempotency_scope: req.idem?.scope ?? null,
  idempotency_key: req.idem?.key ?? null,
  request_hash: req.requestHash,
})

/**
 * The row an earlier request under the same key stored, or null; the key with another body is 409
 * (`otherBody` says what the key was used for).
 */
export async function priorRequest(
  db: Kysely<Database>,
  table: 'task_progress' | 'task_completions',
  req: TaskRequest,
  otherBody: string,
): Promise<{ id: number; task_id: number } | null> {
  if (!req.idem) return null
  const prior = await db
    .selectFrom(table)
    .select(['id', 'task_id', 'request_hash'])
    .where('idempotency_scope', '=', req.idem.scope)
    .where('idempotency_key', '=', req.idem.key)
    .executeTakeFirst()
  if (!prior) return null
  if (prior.request_hash !== req.requestHash) throw new ServiceError('conflict', otherBody)
  return prior
}

/** The insert met a concurrent retry of the same request: answer as that one did. */
export async function lostRace<T>(replay: () => Promise<T | null>): Promise<TaskWriteResult<T>> {
  const result = await replay()
  if (result) return { result, changes: [] }
  throw new ServiceError('conflict', '重复请求冲突,请稍后重试')
}

/** The evidence a body names was uploaded by the department it is made for (an admin may name any). */
export const assertBodyEvidence = (
  db: Kysely<Database>,
  principal: Principal,
  departmentId: number,
  evidenceIds: string[],
): Promise<void> =>
  assertEvidenceOwned(
    db,
    principal.role === 'admin' ? null : departmentId,
    evidenceIds.map((id, n) => ({ id, path: `evidenceIds.${n}` })),
  )
