import { AlertsJob } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { clockContext } from '@cockpit/services/kernel'
import type { AfterCommit, Producers } from '@cockpit/services/messaging'
import { evaluateAlerts, evaluateTaskAlerts } from '@cockpit/services/alerts'
import type { Job } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface AlertsDeps {
  db: Kysely<Database>
  producers: Producers
  afterCommit: AfterCommit
  logger: Logger
  now: () => Date
}

/** Evaluates the rules (indicators, tasks, or all), then schedules the owed deliveries and publishes alert events (after commit). */
export function alertsProcessor(deps: AlertsDeps) {
  return async (job: Job) => {
    const { pairs, taskIds } = AlertsJob.parse(job.data)
    const ctx = clockContext(deps.now())
    // Named tasks alone (after a task change), named pairs alone (after ingest), or everything (the periodic run).
    const result =
      taskIds && !pairs
        ? await evaluateTaskAlerts(deps.db, taskIds, ctx)
        : await evaluateAlerts(deps.db, pairs ?? 'all', ctx)
    // If Redis refuses now, the follow-up job finds the pending notifications and schedules them later
    // (the producers log the outage once; each job it costs is detail).
    await deps.producers
      .enqueueGroups(result.groups, ctx.now)
      .catch((err) =>
        deps.logger.debug({ err: err instanceof Error ? err.message : err }, 'could not schedule notifications yet'),
      )
    await deps.afterCommit(result.events)
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
