export { changesChannel, publishChanges } from './publisher.js'
export {
  createProducers,
  DELIVER_ATTEMPTS,
  ENQUEUE_TIMEOUT_MS,
  INGEST_ATTEMPTS,
  ingestJobId,
  type IngestRetry,
  type ProducerOptions,
  type Producers,
  STATUS_DRAIN_WINDOW_MS,
  statusDrainSlot,
} from './producers.js'
export { createRedis } from './redis.js'
export { createEventHub, type EventHub } from './hub.js'
export { changeEventFilter } from './visibility.js'
export { RedisTimeoutError, withinMs } from './bounded.js'
export { type OutageLog, type OutageLogger, outageLog } from './outage-log.js'
export { changeFollower } from './follow-changes.js'
