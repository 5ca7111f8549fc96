import { shanghaiDate } from '@cockpit/domain'
import { pino, type Logger } from 'pino'
import { createApi } from './api.js'
import { batchesOf } from './batches.js'
import type { Catalog } from './catalog.js'
import { dueItems } from './due-items.js'
import { departmentHabits } from './schedule.js'

export interface SimulatorOptions {
  /** Where the API listens, e.g. http://127.0.0.1:3000. */
  baseUrl: string
  /** Injectable so tests can route requests to app.fetch; defaults to the global fetch. */
  fetch?: typeof fetch
  /** Department API tokens (Bearer); an indicator is reported by its first lead department listed here. */
  departments: { departmentId: number; token: string }[]
  /** The product clock, which may be simulated and run fast. */
  now: () => Date
  /** How often it looks at the clock, in real milliseconds (default 2000). */
  tickMs?: number
  /** Fixes profiles, habits and noise (default 42). */
  seed?: number
  logger?: Logger
}

export interface SimulatorStats {
  /** Requests the API accepted (202). */
  submissions: number
  /** Values in those requests. */
  values: number
  /** Requests that failed: unreachable, refused, or answered with an error. */
  failures: number
  /** The product-clock instant of the last finished tick. */
  lastTick: string | null
}

export interface RunningSimulator {
  stop(): Promise<void>
  stats(): SimulatorStats
  /** Runs one tick now, after any tick already running. */
  tick(): Promise<void>
}

// The catalogue barely changes while the demo runs; re-reading it now and then picks up re-seeding.
const CATALOG_REFRESH_TICKS = 30

/**
 * Plays the departments of a demo: on every tick it submits, through the public API and with each
 * department's own token, the values that have come due by the product clock. Nothing is written
 * around the API, so the cockpit shows exactly what real reporting would produce.
 */
export function startSimulator(opts: SimulatorOptions): RunningSimulator {
  const seed = opts.seed ?? 42
  const tickMs = opts.tickMs ?? 2000
  const logger = opts.logger ?? pino({ name: 'simulator' })
  const api = createApi(opts.baseUrl, opts.fetch ?? fetch)
  const tokens = new Map(opts.departments.map((d) => [d.departmentId, d.token]))
  let habits = departmentHabits(seed, [...tokens.keys()])
  /** Values accepted by the API, or refused for good; everything else due is sent (again) on the next tick. */
  const settled = new Set<string>()
  const stats: SimulatorStats = { submissions: 0, values: 0, failures: 0, lastTick: null }
  let catalog: Catalog | null = null
  let ticksSinceRefresh = 0
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let chain: Promise<void> = Promise.resolve()

  async function refreshCatalog(): Promise<void> {
    if (catalog !== null && ticksSinceRefresh < CATALOG_REFRESH_TICKS) {
      ticksSinceRefresh++
      return
    }
    // Every read needs a caller; any department's token reads the plan data. None left: nothing to report.
    const reader = tokens.values().next().value
    if (reader === undefined) return
    try {
      const loaded = await api.loadCatalog(reader)
      catalog = loaded.catalog
      ticksSinceRefresh = 1
      if (loaded.unreadable > 0) logger.info({ unreadable: loaded.unreadable }, 'simulator skipped indicators or plans it could not read')
    } catch (err) {
      stats.failures++
      // Keep the old catalogue, if any: the API may only be restarting.
      logger.info({ err }, 'simulator could not read indicators or plans; trying again next tick')
    }
  }

  async function runTick(): Promise<void> {
    if (stopped) return
    const now = opts.now()
    const today = shanghaiDate(now)
    await refreshCatalog()
    if (catalog === null) return
    const due = dueItems({ catalog, habits, today, seed, settled })
    let sent = 0
    let retrying = 0
    departments: for (const [departmentId, items] of due) {
      const token = tokens.get(departmentId)
      if (token === undefined) continue
      for (const batch of batchesOf(departmentId, items)) {
        if (stopped) return
        const outcome = await api.submit(token, batch)
        if (outcome.kind === 'accepted') {
          for (const k of batch.keys) settled.add(k)
          stats.submissions++
          stats.values += batch.items.length
          sent += batch.items.length
          continue
        }
        stats.failures++
        if (outcome.kind === 'retry') {
          retrying += batch.items.length
          logger.info({ departmentId, items: batch.items.length, status: outcome.status, message: outcome.message }, 'simulator submission failed; retrying next tick')
          // Unreachable means unreachable for every department: one failure per tick is enough.
          if (outcome.status === null) break departments
          continue departments
        }
        if (outcome.status === 401) {
          // A revoked or unknown token will not start working; its indicators pass to another lead, if any.
          tokens.delete(departmentId)
          habits = new Map([...habits].filter(([id]) => id !== departmentId))
          logger.info({ departmentId, message: outcome.message }, 'simulator token refused; department dropped')
          continue departments
        }
        for (const k of batch.keys) settled.add(k)
        logger.info({ departmentId, items: batch.items.length, status: outcome.status, message: outcome.message }, 'simulator submission refused; not sending these values again')
      }
    }
    stats.lastTick = now.toISOString()
    const pending = [...due.values()].reduce((n, list) => n + list.length, 0)
    logger.debug({ date: today, due: pending, sent, retrying }, 'simulator tick')
  }

  function tick(): Promise<void> {
    const run = chain.then(async () => {
      try {
        await runTick()
      } catch (err) {
        // A bug in one tick must not end the demo: count it and carry on with the next.
        stats.failures++
        logger.info({ err }, 'simulator tick failed')
      }
    })
    chain = run
    return run
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => void tick().then(schedule), tickMs)
    // The simulator lives alongside a server; it should never be what keeps a process alive.
    timer.unref()
  }

  void tick().then(schedule)

  return {
    async stop() {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      await chain
    },
    stats: () => ({ ...stats }),
    tick,
  }
}
