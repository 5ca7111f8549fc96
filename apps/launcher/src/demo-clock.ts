import type { Database } from '@cockpit/db'
import { createClock, type HoldableClock } from '@cockpit/services/kernel'
import { type DemoClockConfig, resumeDemoClock, storeDemoClock } from '@cockpit/services/ops'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

/** How often the demo calendar's product time is stored (and again on shutdown). */
const STORE_EVERY_MS = 2000

/**
 * The product clock: the wall clock, or the demo calendar resumed from where the last run stopped (the same
 * DEMO_CLOCK and DEMO_SPEED), so a relaunch never sends product time backwards. With `holdFresh`, a calendar
 * that starts from its first instant (nothing to resume) is held there until `clock.release()`: the demo
 * imports its history first, so what was due before the demo is not made late by the calendar running on.
 */
export async function startProductClock(
  db: Kysely<Database>,
  config: DemoClockConfig | null,
  logger: Logger,
  opts: { holdFresh?: boolean } = {},
): Promise<{ clock: HoldableClock; stop(): Promise<void> }> {
  if (!config) return { clock: createClock({}), stop: async () => {} }
  const start = await resumeDemoClock(db, config)
  const resumed = start.getTime() > config.start.getTime()
  if (resumed) logger.info({ resumedAt: start.toISOString() }, 'demo clock resumed')
  const clock = createClock({ start, speed: config.speed, held: !resumed && opts.holdFresh === true })
  const store = () => storeDemoClock(db, config, clock.now())
  // A failed store (database away) is skipped; the next one, or the newest submission, covers it.
  const timer = setInterval(() => void store().catch(() => {}), STORE_EVERY_MS)
  timer.unref()
  return {
    clock,
    async stop() {
      clearInterval(timer)
      await store().catch((err) =>
        logger.warn({ err: err instanceof Error ? err.message : err }, 'demo clock not stored'),
      )
    },
  }
}
