import { ChangeEvent } from '@cockpit/contracts'
import type { Redis } from 'ioredis'
import { withinMs } from './bounded.js'
import { changesChannel } from './publisher.js'

export interface EventHub {
  /**
   * Calls `listener` for every change published by any worker; returns the unsubscribe function.
   * `onDrain` is called once when the process starts draining (SIGTERM): an open stream ends itself.
   */
  subscribe(listener: (event: ChangeEvent) => void, onDrain?: () => void): () => void
  /** Open subscriptions (one per open event stream, plus the read snapshots'). */
  size(): number
  /** Tells every subscriber the process is stopping (their streams close with a reconnect hint); events still flow until close. */
  drain(): void
  close(): Promise<void>
}

/**
 * One Redis subscription per API process, fanned out in memory to every open stream (wall screens,
 * portals), so a hundred screens cost one Redis connection, not a hundred.
 */
export async function createEventHub(
  subscriber: Redis,
  prefix: string,
  onBadMessage?: (raw: string) => void,
  subscribeWaitMs = 2000,
): Promise<EventHub> {
  const listeners = new Set<(event: ChangeEvent) => void>()
  const drainers = new Map<(event: ChangeEvent) => void, () => void>()
  const channel = changesChannel(prefix)
  // ioredis reconnects and resubscribes by itself; without a listener it prints every failed attempt to stderr.
  subscriber.on('error', () => {})
  subscriber.on('message', (ch: string, raw: string) => {
    if (ch !== channel) return
    let parsed: ChangeEvent
    try {
      parsed = ChangeEvent.parse(JSON.parse(raw))
    } catch {
      onBadMessage?.(raw)
      return
    }
    for (const l of listeners) l(parsed)
  })
  // Waits for the subscription while Redis answers (a change published right after start-up is seen), but
  // not for a Redis that is away: the API starts and serves anyway, and ioredis subscribes once it connects.
  await withinMs(subscriber.subscribe(channel), subscribeWaitMs, 'subscribe to changes').catch(() => {})
  return {
    subscribe(listener, onDrain) {
      // A distinct function per subscription, so the same listener subscribed twice is two subscriptions.
      const own = (e: ChangeEvent) => listener(e)
      listeners.add(own)
      if (onDrain) drainers.set(own, onDrain)
      return () => {
        listeners.delete(own)
        drainers.delete(own)
      }
    },
    size: () => listeners.size,
    drain() {
      const pending = [...drainers.values()]
      drainers.clear()
      for (const d of pending) d()
    },
    async close() {
      listeners.clear()
      drainers.clear()
      subscriber.disconnect()
    },
  }
}
