import { AlertsJob } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { evaluateAlerts, evaluateTaskAlerts } from '@cockpit/services/alerts'
import { type Producers, publishChanges } from '@cockpit/services/messaging'
import type { Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface AlertsDeps {
  db: Kysely<Database>
  producers: Producers
  publisher: Redis
  prefix: string
  logger: Logger
  now: () => Date
}

/** Evaluates the rules (indicators, tasks, or all), then schedules the owed deliveries and publishes alert events (after commit). */
export function alertsProcessor(deps: AlertsDeps) {
  return async (job: Job) => {
    const { pairs, taskIds } = AlertsJob.parse(job.data)
    const now = deps.now()
    const ctx = { now, asOf: shanghaiDate(now) }
    // Named tasks alone (after a task change), named pairs alone (after ingest), or everything (the periodic run).
    const result =
      taskIds && !pairs
        ? await evaluateTaskAlerts(deps.db, taskIds, ctx)
        : await evaluateAlerts(deps.db, pairs ?? 'all', ctx)
    // If Redis refuses now, the follow-up job finds the pending notifications and schedules them later
    // (the producers log the outage once; each job it costs is detail).
    await deps.producers
      .enqueueGroups(result.groups, now)
      .catch((err) =>
        deps.logger.debug({ err: err instanceof Error ? err.message : err }, 'could not schedule notifications yet'),
      )
    if (result.events.length) await publishChanges(deps.publisher, deps.prefix, result.events).catch(() => {})
    if (result.transitions)
      deps.logger.info(
        {
          evaluated: result.evaluated,
          transitions: result.transitions,
          opened: result.opened,
          resolved: result.resolved,
        },
        'alerts evaluated',
      )
    return {
      evaluated: result.evaluated,
      transitions: result.transitions,
      opened: result.opened,
      resolved: result.resolved,
    }
  }
}
