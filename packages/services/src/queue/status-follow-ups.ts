import type { StatusChange } from '@cockpit/contracts'
import { publishChanges } from '../events/publisher.js'
import type { Producers } from './producers.js'

/**
 * What follows a committed status change made outside ingest (an administrator editing a target), done as
 * the ingest worker does it: published to live screens, and the changed pairs queued for alert evaluation.
 * Both are best effort after commit: screens refetch on reconnect and the every-minute evaluation catches up.
 */
export function statusFollowUps(producers: Producers, prefix: string, onError: (what: string, err: unknown) => void) {
  return async (changes: StatusChange[]): Promise<void> => {
    if (changes.length === 0) return
    await publishChanges(producers.connection, prefix, changes).catch((err) => onError('publish', err))
    const pairs = changes.map((c) => ({ indicatorId: c.indicatorId, jurisdictionCode: c.jurisdictionCode }))
    await producers.enqueueAlerts(pairs).catch((err) => onError('enqueue alerts', err))
  }
}
