import type { ChangeEvent } from '@cockpit/contracts'
import { publishChanges } from './publisher.js'
import type { Producers } from './producers.js'

/**
 * What follows a committed change outside the ingest worker (a review approval, a task's progress report,
 * completion claim or verification in the API): publish it for live screens and queue the alert
 * evaluation of the indicator pairs, or of the task and the task its milestone belongs to, as the ingest
 * worker does. Failures are logged, not thrown: the change is committed, and the periodic evaluation catches up.
 * Each step is bounded by the producers' timeout and they run side by side, so a stalled Redis holds the
 * request that committed the change for one timeout at most.
 */
export function changeFollower(producers: Producers, prefix: string, warn: (msg: string, err: unknown) => void) {
  return async (changes: ChangeEvent[]) => {
    if (changes.length === 0) return
    const pairs = changes.flatMap((c) =>
      c.type === 'status' ? [{ indicatorId: c.indicatorId, jurisdictionCode: c.jurisdictionCode }] : [],
    )
    const taskIds = changes.flatMap((c) =>
      c.type === 'task' ? [c.taskId, ...(c.parentId !== null ? [c.parentId] : [])] : [],
    )
    await Promise.all([
      producers
        .bounded('publish changes', () => publishChanges(producers.connection, prefix, changes))
        .catch((err) => warn('publish failed; screens catch up on reconnect', err)),
      pairs.length
        ? producers
            .enqueueAlerts(pairs)
            .catch((err) => warn('alert evaluation not queued; the periodic run will catch up', err))
        : undefined,
      taskIds.length
        ? producers
            .enqueueTaskAlerts(taskIds)
            .catch((err) => warn('task alert evaluation not queued; the periodic run will catch up', err))
        : undefined,
    ])
  }
}
