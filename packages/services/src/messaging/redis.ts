import { Redis, type RedisOptions } from 'ioredis'

/**
 * Connections as BullMQ's production guide wants them: producers fail fast when Redis is away (the
 * submission is already durable and the sweeper catches up), workers and subscribers wait forever.
 */
export function createRedis(url: string, role: 'producer' | 'worker' | 'subscriber' | 'publisher'): Redis {
  const common: RedisOptions = {
    lazyConnect: false,
    connectionName: `cockpit-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  }
  if (role === 'producer' || role === 'publisher')
    return new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
  return new Redis(url, { ...common, maxRetriesPerRequest: null, enableReadyCheck: true })
}
