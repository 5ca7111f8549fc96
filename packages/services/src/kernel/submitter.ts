import type { Principal } from './principal.js'
import { forbidden } from './errors.js'

// Who may submit, and how a submission's caller is keyed, in one place: submissions, evidence uploads,
// task reports and pulled sources all ask it, and none of them may import another for it.

/** Where a stored submission goes next: the ingest queue, whose failures are tolerated (the sweeper re-enqueues). */
export interface SubmitQueue {
  enqueue: (submissionId: string) => Promise<void>
  logWarn?: ((msg: string, err: unknown) => void) | undefined
}

/** Hands a durable submission to the queue; a queue outage only delays it (the sweeper enqueues it later). */
export async function enqueueQuietly(queue: SubmitQueue, id: string, what = 'submission'): Promise<void> {
  try {
    await queue.enqueue(id)
  } catch (err) {
    queue.logWarn?.(`enqueue failed for ${what} ${id}; left for the sweeper`, err)
  }
}

/** Reporters and department tokens submit for their department; admins for anyone. */
export function assertCanSubmit(p: Principal): void {
  if (p.role === 'admin') return
  if (p.role === 'reporter' && p.departmentId !== null) return
  throw forbidden('当前账号无填报权限(仅责任单位填报员、单位接口令牌或管理员可填报)')
}

/** Idempotency keys are per caller: a token and a person never collide. */
export const idempotencyScope = (p: Principal) => (p.tokenId !== null ? `token:${p.tokenId}` : `user:${p.userId}`)
