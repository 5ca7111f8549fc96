import { CHANGES_CHANNEL, type ChangeEvent } from '@cockpit/contracts'
import type { Redis } from 'ioredis'

/** Publishes committed changes for live screens; a lost message is caught up by the screens' fetch on reconnect. */
export async function publishChanges(redis: Redis, prefix: string, changes: ChangeEvent[]): Promise<void> {
  if (changes.length === 0) return
  const channel = `${prefix}:${CHANGES_CHANNEL}`
  const pipeline = redis.pipeline()
  for (const c of changes) pipeline.publish(channel, JSON.stringify(c))
  await pipeline.exec()
}

export const changesChannel = (prefix: string) => `${prefix}:${CHANGES_CHANNEL}`
