import { addDays, shanghaiDate, type IsoDate } from '@cockpit/domain'
import type { Logger } from 'pino'
import type { Outcome } from './http.js'
import type { Habit } from './schedule.js'
import type { Sessions } from './sessions.js'
import type { Session, TaskApi } from './task-api.js'
import type { TaskCompletion } from '@cockpit/contracts'
import {
  claimKey,
  decideOn,
  historyCompletions,
  plannedClaim,
  reclaimDelayDays,
  returnsFirstClaim,
} from './task-claims.js'
import { dueTaskReports, type SimPlan, type SimTask } from './task-reports.js'
import { CLAIM_NOTE, RECLAIM_NOTE, returnComment } from './task-texts.js'

export interface TaskStats {
  /** Progress reports the API accepted. */
  taskReports: number
  /** Completion claims the API accepted. */
  claims: number
  approvals: number
  returns: number
  /** Requests that failed or were refused. */
  taskFailures: number
}

export interface TaskRunnerDeps {
  api: TaskApi
  sessions: Sessions
  seed: number
  logger: Logger
  /** Department tokens, shared with the value reporting (a token refused there is gone here too). */
  tokens: ReadonlyMap<number, string>
  habits: () => ReadonlyMap<number, Habit>
  /** Reports and claims due before this day are history, imported by the administrator, never sent by departments. */
  historyBefore: () => IsoDate | null
  /** Real milliseconds a tick may spend sending progress reports; the rest goes out next tick. */
  tickBudgetMs: number
}

type ClaimState = { state: 'pending' | 'returned' | 'approved' | 'given-up'; attempt: number; on: IsoDate }

// The catalogue changes with every verification the simulator makes itself (it tracks those); re-reading
// it now and then picks up what people do in the portal meanwhile.
const CATALOG_REFRESH_TICKS = 15
const HISTORY_CHUNK = 2000
// A few requests in flight: the API and its database work on several at once.
const PARALLEL_REQUESTS = 4
const APPROVE_COMMENT = '材料齐全,同意销号。'

/**
 * Plays the departments and managers on tasks and milestones: departments report progress per period
 * and the lead claims completion around the date (their course, task-course.ts); managers verify each
 * claim a few days later, returning a few once. Everything goes through the public API, as people would.
 */
export function createTaskRunner(deps: TaskRunnerDeps) {
  const { api, sessions, seed, logger } = deps
  const stats: TaskStats = { taskReports: 0, claims: 0, approvals: 0, returns: 0, taskFailures: 0 }
  const settled = new Set<string>()
  const verified = new Map<number, IsoDate>()
  const claims = new Map<number, ClaimState>()
  let catalog: { tasks: SimTask[]; plans: Map<string, SimPlan> } | null = null
  let ticksSinceRefresh = 0

  const fail = (what: string, out: Exclude<Outcome, { kind: 'ok' }>, extra: Record<string, unknown> = {}) => {
    stats.taskFailures++
    logger.info(
      { ...extra, status: out.status, message: out.message },
      `simulator ${what} ${out.kind === 'retry' ? 'failed; retrying next tick' : 'refused'}`,
    )
  }

  async function refresh(force = false): Promise<boolean> {
    if (catalog !== null && !force && ticksSinceRefresh++ < CATALOG_REFRESH_TICKS) return true
    const reader = deps.tokens.values().next().value
    if (reader === undefined) return false
    try {
      const loaded = await api.loadTasks(reader)
      catalog = { tasks: loaded.tasks, plans: loaded.plans }
      ticksSinceRefresh = 0
      for (const t of loaded.tasks) {
        if (t.completedOn !== null) verified.set(t.id, t.completedOn)
        else verified.delete(t.id) // reopened by a manager: the work goes on
        if (t.pendingClaim !== null && claims.get(t.id)?.state !== 'pending')
          claims.set(t.id, {
            state: 'pending',
            attempt: claims.get(t.id)?.attempt ?? 1,
            on: shanghaiDate(new Date(t.pendingClaim.claimedAt)),
          })
      }
      return true
    } catch (err) {
      stats.taskFailures++
      logger.info({ err }, 'simulator could not read tasks or plans; trying again next tick')
      return catalog !== null
    }
  }

  async function sendReports(today: IsoDate): Promise<void> {
    const before = deps.historyBefore()
    const due = dueTaskReports({
      ...catalog!,
      habits: deps.habits(),
      today,
      seed,
      settled,
      verified,
      ...(before ? { reportedFrom: before } : {}),
    })
    // Oldest first, so under a fast demo calendar a backlog is worked off in the order it fell due.
    due.sort((a, b) => (a.reportOn < b.reportOn ? -1 : a.reportOn > b.reportOn ? 1 : 0))
    const deadline = Date.now() + deps.tickBudgetMs
    let unreachable = false
    await inParallel(due, PARALLEL_REQUESTS, async (r) => {
      // What is left goes out next tick: a tick that runs for half a minute makes the demo's reports late.
      if (unreachable || Date.now() > deadline) return
      const token = deps.tokens.get(r.departmentId)
      if (token === undefined) return
      const out = await api.reportProgress(token, r.taskId, r.body, `sim-tp-${r.key.replaceAll('|', '-')}`)
      if (out.kind === 'ok') {
        settled.add(r.key)
        stats.taskReports++
        return
      }
      fail('progress report', out, { taskId: r.taskId, departmentId: r.departmentId, period: r.body.period })
      if (out.kind === 'retry' && out.status === null) unreachable = true
      if (out.kind === 'refused') settled.add(r.key)
    })
  }

  async function sendClaims(today: IsoDate): Promise<void> {
    const withToken = new Set(deps.habits().keys())
    const before = deps.historyBefore()
    for (const task of catalog!.tasks) {
      const plan = catalog!.plans.get(task.planKey)
      if (plan === undefined || verified.has(task.id)) continue
      const planned = plannedClaim(seed, task, plan, withToken)
      if (planned === null) continue
      const local = claims.get(task.id)
      let attempt: number
      if (local === undefined) {
        if (planned.claimOn > today || (before !== null && planned.claimOn < before)) continue
        attempt = 1
      } else if (
        local.state === 'returned' &&
        today >= addDays(local.on, reclaimDelayDays(seed, task.id, local.attempt))
      )
        attempt = local.attempt + 1
      else continue
      const token = deps.tokens.get(planned.departmentId)
      if (token === undefined) continue
      const body = { completedOn: planned.completedOn, note: attempt === 1 ? CLAIM_NOTE : RECLAIM_NOTE }
      const out = await api.claimCompletion(token, task.id, body, claimKey(task.id, attempt))
      if (out.kind === 'ok') {
        stats.claims++
        const c = out.value
        // A replayed claim (after a restart) answers as it now stands.
        if (c.state === 'approved') verified.set(task.id, c.claimedOn)
        claims.set(task.id, {
          state: c.state === 'reopened' ? 'given-up' : c.state,
          attempt,
          on: c.decidedAt ? shanghaiDate(new Date(c.decidedAt)) : today,
        })
        continue
      }
      fail('completion claim', out, { taskId: task.id })
      if (out.kind === 'retry') {
        if (out.status === null) return
        continue
      }
      // 409: complete or waiting already (someone in the portal was quicker); the next catalogue read tells which.
      claims.set(task.id, { state: out.status === 409 ? 'pending' : 'given-up', attempt, on: today })
    }
  }

  /**
   * Claims waiting long enough are decided by the most local manager in scope (a city's claims by the
   * city's manager, not the province's), else by the administrator. One read of the queue per tick:
   * the administrator's when there is one (it sees every claim), else each manager's.
   */
  async function verify(today: IsoDate): Promise<void> {
    const managers = await sessions.managers()
    const admin = await sessions.admin()
    const readers = admin ? [admin] : managers
    const handled = new Set<number>()
    for (const reader of readers) {
      const pending = await api.pendingClaims(reader)
      if (pending.kind !== 'ok') {
        if (pending.kind === 'refused' && pending.status === 401) sessions.drop(reader)
        fail('verification queue read', pending, { username: reader.username })
        continue
      }
      for (const c of pending.value) {
        if (handled.has(c.id)) continue
        handled.add(c.id)
        if (decideOn(seed, c.id, shanghaiDate(new Date(c.claimedAt))) > today) continue
        const decider = managers.find((m) => m.jurisdictions.includes(c.jurisdictionCode)) ?? admin
        if (decider) await decide(decider, c, today)
      }
    }
  }

  async function decide(session: Session, c: TaskCompletion, today: IsoDate): Promise<void> {
    let returning = false
    if (returnsFirstClaim(seed, c.taskId)) {
      const detail = await api.taskDetail(session, c.taskId)
      returning = detail.kind === 'ok' && !detail.value.completions.some((x) => x.state === 'returned')
    }
    const out = await api.decide(
      session,
      c.id,
      returning
        ? { approve: false, comment: returnComment(seed, c.taskId) }
        : { approve: true, comment: APPROVE_COMMENT },
    )
    if (out.kind !== 'ok') {
      if (out.kind === 'refused' && out.status === 401) sessions.drop(session)
      fail('verification', out, { completionId: c.id, username: session.username })
      return
    }
    const attempt = claims.get(c.taskId)?.attempt ?? 1
    if (returning) {
      stats.returns++
      claims.set(c.taskId, { state: 'returned', attempt, on: today })
    } else {
      stats.approvals++
      verified.set(c.taskId, c.claimedOn)
      claims.set(c.taskId, { state: 'approved', attempt, on: today })
    }
  }

  return {
    stats: (): TaskStats => ({ ...stats }),

    /** One round: reports, claims, then verification of what has waited long enough. */
    async tick(today: IsoDate): Promise<void> {
      if (!(await refresh())) return
      await sendReports(today)
      await sendClaims(today)
      await verify(today)
    },

    /**
     * The administrator imports what happened before `historyBefore`: progress reports (each on time at
     * its due date) and verified completions. 'unavailable' when there is no administrator to do it.
     */
    async importHistory(): Promise<'done' | 'retry' | 'unavailable'> {
      const before = deps.historyBefore()
      const admin = await sessions.admin()
      if (before === null || admin === null) return 'unavailable'
      if (!(await refresh(true))) return 'retry'
      const withToken = new Set(deps.habits().keys())
      const completions = historyCompletions(seed, catalog!.tasks, catalog!.plans, withToken, before)
      const done = new Map([...verified, ...completions.map((c) => [c.taskId, c.completedOn] as const)])
      const reports = dueTaskReports({
        ...catalog!,
        habits: deps.habits(),
        today: addDays(before, -1),
        seed,
        settled: new Set(),
        verified: done,
      })
      const progress = reports.map((r) => ({ taskId: r.taskId, report: { ...r.body, departmentId: r.departmentId } }))
      for (let i = 0; i === 0 || i < progress.length; i += HISTORY_CHUNK) {
        const body = { completions: i === 0 ? completions : [], progress: progress.slice(i, i + HISTORY_CHUNK) }
        if (body.completions.length + body.progress.length === 0) break
        const out = await api.importTasks(admin, body)
        if (out.kind !== 'ok') {
          if (out.kind === 'refused' && out.status === 401) sessions.drop(admin)
          fail('task history import', out)
          return out.kind === 'retry' || out.status === 401 ? 'retry' : 'unavailable'
        }
      }
      for (const r of reports) settled.add(r.key)
      for (const c of completions) verified.set(c.taskId, c.completedOn)
      logger.info(
        { before, progress: progress.length, completions: completions.length },
        'simulator imported task history',
      )
      return 'done'
    },
  }
}

/** Runs `work` over the items in order with at most `n` at a time. */
async function inParallel<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane))
}
