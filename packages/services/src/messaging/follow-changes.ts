import type { ChangeEvent } from '@cockpit/contracts'
import type { Redis } from 'ioredis'
import { publishChanges } from './publisher.js'
import type { Producers } from './producers.js'

export interface ChangeFollowerDeps {
  producers: Producers
  prefix: string
  /** Where changes are published (default the producers' connection; the workers keep a publisher of their own). */
  publisher?: Redis
  /**
   * A step that failed. The change is committed and a periodic run catches up, and the producers log a Redis
   * outage once, so callers log this as detail.
   */
  log: (msg: string, err: unknown) => void
}

export interface FollowOptions {
  /** Status marks the write committed (ingest): ask for the coalesced drain, which recomputes and follows them. */
  marked?: number
  /**
   * Queue the alert evaluation of the changed pairs and tasks (default true). The nightly recompute of every
   * status passes false: the every-minute evaluation of all rules follows it, and one job per pair would flood.
   */
  evaluateAlerts?: boolean
}

/** What runs after a write commits; never throws (see `changeFollower`). */
export type AfterCommit = (changes: ChangeEvent[], opts?: FollowOptions) => Promise<void>

/**
 * The one after-commit path, for API writes and workers alike: publish the changes for live screens, queue
 * the alert evaluation of the changed indicator pairs and of each changed task and the task its milestone
 * belongs to, and ask for the status drain when the write left marks. Failures are logged, not thrown: the
 * change is committed, and the periodic runs catch up. Each step is bounded by the producers' timeout and
 * they run side by side, so a stalled Redis holds the caller for one timeout at most.
 */
export function changeFollower(deps: ChangeFollowerDeps): AfterCommit {
  const { producers, prefix, log } = deps
  const publisher = deps.publisher ?? producers.connection
  return async (changes, opts = {}) => {
    const alerts = opts.evaluateAlerts ?? true
    const pairs = alerts
      ? changes.flatMap((c) =>
          c.type === 'status' ? [{ indicatorId: c.indicatorId, jurisdictionCode: c.jurisdictionCode }] : [],
        )
      : []
    const taskIds = alerts
      ? changes.flatMap((c) => (c.type === 'task' ? [c.taskId, ...(c.parentId !== null ? [c.parentId] : [])] : []))
      : []
    await Promise.all([
      changes.length
        ? producers
            .bounded('publish changes', () => publishChanges(publisher, prefix, changes))
            .catch((err) => log('publish failed; screens catch up on reconnect', err))
        : undefined,
      pairs.length
        ? producers
            .enqueueAlerts(pairs)
            .catch((err) => log('alert evaluation not queued; the periodic run will catch up', err))
        : undefined,
      taskIds.length
        ? producers
            .enqueueTaskAlerts(taskIds)
            .catch((err) => log('task alert evaluation not queued; the periodic run will catch up', err))
        : undefined,
      opts.marked
        ? producers
            .enqueueStatusDrain()
            .catch((err) => log('status drain not queued; the periodic drain will catch up', err))
        : undefined,
    ])
  }
}
