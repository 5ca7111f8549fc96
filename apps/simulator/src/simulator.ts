import { addDays, shanghaiDate, type IsoDate } from '@cockpit/domain'
import { pino, type Logger } from 'pino'
import { createApi } from './api.js'
import { batchesOf } from './batches.js'
import type { Catalog } from './catalog.js'
import { dueItems } from './due-items.js'
import { departmentHabits } from './schedule.js'
import { createSessions, type Person } from './sessions.js'
import { createTaskApi } from './task-api.js'
import { createTaskRunner, type TaskStats } from './task-runner.js'

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
  /**
   * People it acts as through the API: the administrator (the history import) and the managers who
   * verify completion claims (the administrator too, where no manager is in scope).
   */
  people?: Person[]
  /**
   * Reports due before this day are history: the administrator imports them once, on time by
   * definition, instead of departments sending them late at the start (without an administrator
   * they are sent by the departments as before). Usually the demo calendar's first day.
   */
  historyBefore?: IsoDate
  /**
   * Real milliseconds a tick may spend on progress reports (default 1500); the rest goes out on the
   * next tick. Under a fast demo calendar a long tick would make the reports it sends last arrive late.
   */
  tickBudgetMs?: number
}

export interface SimulatorStats extends TaskStats {
  /** Values the administrator imported as history. */
  imported: number
  /** Whether the history import is done ('none' when there is nothing or nobody to import it). */
  history: 'pending' | 'done' | 'none'
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
  const taskApi = createTaskApi(opts.baseUrl, opts.fetch ?? fetch)
  const sessions = createSessions(taskApi, opts.people ?? [], logger)
  const tokens = new Map(opts.departments.map((d) => [d.departmentId, d.token]))
  let habits = departmentHabits(seed, [...tokens.keys()])
  /** Values accepted by the API, or refused for good; everything else due is sent (again) on the next tick. */
  const settled = new Set<string>()
  let historyBefore = opts.historyBefore ?? null
  const stats: Omit<SimulatorStats, keyof TaskStats> = {
    imported: 0,
    history: historyBefore === null ? 'none' : 'pending',
    submissions: 0,
    values: 0,
    failures: 0,
    lastTick: null,
  }
  const tasks = createTaskRunner({
    api: taskApi,
    sessions,
    seed,
    logger,
    tokens,
    habits: () => habits,
    historyBefore: () => historyBefore,
    tickBudgetMs: opts.tickBudgetMs ?? 1500,
  })
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
      if (loaded.unreadable > 0)
        logger.info({ unreadable: loaded.unreadable }, 'simulator skipped indicators or plans it could not read')
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
    if (stats.history === 'pending') await importHistory()
    await reportValues(today)
    if (stats.history !== 'pending') await tasks.tick(today)
    stats.lastTick = now.toISOString()
  }

  async function reportValues(today: IsoDate): Promise<void> {
    if (catalog === null) return
    const due = dueItems({
      catalog,
      habits,
      today,
      seed,
      settled,
      ...(historyBefore ? { reportedFrom: historyBefore } : {}),
    })
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
          logger.info(
            { departmentId, items: batch.items.length, status: outcome.status, message: outcome.message },
            'simulator submission failed; retrying next tick',
          )
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
        logger.info(
          { departmentId, items: batch.items.length, status: outcome.status, message: outcome.message },
          'simulator submission refused; not sending these values again',
        )
      }
    }
    const pending = [...due.values()].reduce((n, list) => n + list.length, 0)
    logger.debug({ date: today, due: pending, sent, retrying }, 'simulator tick')
  }

  /**
   * Once, before anything else: the administrator imports the values, progress reports and verified
   * completions due before historyBefore. Without an administrator they are left to the departments.
   */
  async function importHistory(): Promise<void> {
    const values = await importValueHistory()
    const outcome = values === 'done' ? await tasks.importHistory() : values
    if (outcome === 'retry') return
    if (outcome === 'unavailable') {
      logger.warn(
        { historyBefore },
        'simulator cannot import history (no administrator, or refused); departments report it instead',
      )
      historyBefore = null
      stats.history = 'none'
      return
    }
    stats.history = 'done'
  }

  async function importValueHistory(): Promise<'done' | 'retry' | 'unavailable'> {
    const admin = await sessions.admin()
    if (historyBefore === null || admin === null || catalog === null) return 'unavailable'
    const history = dueItems({ catalog, habits, today: addDays(historyBefore, -1), seed, settled })
    for (const [departmentId, items] of history) {
      for (const batch of batchesOf(departmentId, items)) {
        if (stopped) return 'retry'
        const out = await taskApi.importValues(admin, departmentId, batch.items, `sim-import-${batch.idempotencyKey}`)
        if (out.kind === 'accepted') {
          for (const k of batch.keys) settled.add(k)
          stats.imported += batch.items.length
          continue
        }
        stats.failures++
        logger.info(
          { departmentId, items: batch.items.length, status: out.status, message: out.message },
          'simulator history import of values failed',
        )
        if (out.kind === 'retry' || out.status === 401) {
          if (out.kind === 'refused') sessions.drop(admin)
          return 'retry'
        }
        return 'unavailable'
      }
    }
    return 'done'
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
    stats: () => ({ ...stats, ...tasks.stats() }),
    tick,
  }
}
