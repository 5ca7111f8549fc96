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

/**
 * A request on a task as the idempotency check sees it: the caller's key (if any), the body's hash,
 * the columns that record both on the row it stores, and the row an earlier request under the key stored.
 */
export function taskRequest(principal: Principal, taskId: number, body: unknown, idempotencyKey: string | undefined) {
  const idem = idempotencyKey ? { scope: idempotencyScope(principal), key: idempotencyKey } : null
  const requestHash = sha256(JSON.stringify({ taskId, body }))
  return {
    columns: {
      user_id: principal.userId,
      token_id: principal.tokenId,
      idempotency_scope: idem?.scope ?? null,
      idempotency_key: idem?.key ?? null,
      request_hash: requestHash,
    },
    /** The earlier row under the same key, or null; the key with another body is 409 (`otherBody` says what it was used for). */
    async prior(
      db: Kysely<Database>,
      table: 'task_progress' | 'task_completions',
      otherBody: string,
    ): Promise<{ id: number; task_id: number } | null> {
      if (!idem) return null
      const prior = await db
        .selectFrom(table)
        .select(['id', 'task_id', 'request_hash'])
        .where('idempotency_scope', '=', idem.scope)
        .where('idempotency_key', '=', idem.key)
        .executeTakeFirst()
      if (!prior) return null
      if (prior.request_hash !== requestHash) throw new ServiceError('conflict', otherBody)
      return prior
    },
  }
}
export type TaskRequest = ReturnType<typeof taskRequest>

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
