import type { ReportingRates, Task, TaskSummary } from '@cockpit/contracts'
import { seededApp } from '@cockpit/api/testing'
import { testDatabases } from '@cockpit/db/testing'
import { addDays } from '@cockpit/domain'
import { serviceContext, adminPrincipal } from '@cockpit/services/kernel'
import { createApiToken, ensureDemoUsers } from '@cockpit/services/access'
import { runReportingCycle } from '@cockpit/services/reporting'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from './simulator.js'
import { atRiskCount, formatMix, planCounts, taskMix, type TaskMix } from './task-mix.js'
import { courseOf, type SimPlan } from './task-reports.js'

/** Polls until `check` returns a value (not undefined) or the time runs out. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

const SEED = 42
const START = '2024-01-01'
// Two minutes of the demo calendar (a day per second), ticking every two demo days as `npm start` does.
const DAYS = 120
const TICK_DAYS = 2
const system = adminPrincipal('system:test')

/**
 * The demo of `npm start`, on a stepped product clock: the launcher's users and tokens, the history
 * import at the demo's first day, then 120 demo days of departments reporting and managers verifying.
 * What the wall's 重点任务督办 page reads for 江苏 and 扬州 must then be a realistic mix.
 */
describe.each(testDatabases().filter((d) => d.name === (process.env.ONLY_DB ?? d.name)))(
  'the demo’s tasks after two minutes of demo calendar on $name',
  (target) => {
    let day = START
    const now = () => new Date(`${day}T10:00:00+08:00`)
    let ctx: Awaited<ReturnType<typeof seededApp>>
    let sim: RunningSimulator
    let admin: { cookie: string; csrf: string }
    const mixes = new Map<string, TaskMix>()
    let allTasks: Task[] = []

    const ingestDrained = () =>
      waitFor(async () => {
        const c = await ctx.producers!.ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0 ? true : undefined
      }, 120_000)
    // Values are processed before the next request, as in the other simulator test: a deterministic run.
    const fetchFn: typeof fetch = async (input, init) => {
      const res = await ctx.app.fetch(new Request(input, init))
      if (init?.method === 'POST' && /submissions|imports\/values/.test(String(input))) await ingestDrained()
      return res
    }
    const get = async <T>(path: string): Promise<T> => {
      const res = await ctx.app.request(path, { headers: { cookie: admin.cookie } })
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
      return (await res.json()) as T
    }

    beforeAll(async () => {
      ctx = await seededApp(target, { withQueue: true, now, workerConcurrency: 1 })
      const db = ctx.handle.db
      // As the launcher does: demo users, and a token for every department on an indicator or a task.
      const credentials = await ensureDemoUsers(db)
      const departments = await db
        .selectFrom('indicator_departments')
        .select('department_id')
        .where('role', '=', 'lead')
        .union(db.selectFrom('task_departments').select('department_id'))
        .orderBy('department_id')
        .execute()
      const tokens = []
      for (const { department_id } of departments)
        tokens.push({
          departmentId: department_id,
          token: (
            await createApiToken(serviceContext(db, system, new Date()), {
              departmentId: department_id,
              name: '演示数据模拟器',
            })
          ).token,
        })
      const people = credentials.flatMap((c) =>
        c.role === 'admin' || c.role === 'manager'
          ? [{ username: c.username, password: c.password, role: c.role }]
          : [],
      )
      sim = startSimulator({
        baseUrl: 'http://sim.test',
        fetch: fetchFn,
        departments: tokens,
        now,
        tickMs: 3_600_000,
        seed: SEED,
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        people,
        historyBefore: START,
        tickBudgetMs: Number.POSITIVE_INFINITY,
      })
      for (let d = 0; d <= DAYS; d += TICK_DAYS) {
        day = addDays(START, d)
        const t0 = Date.now()
        await sim.tick()
        if (process.env.TICK_TIMES) console.info(`tick ${day} ${Date.now() - t0} ms ${JSON.stringify(sim.stats())}`)
      }
      await ingestDrained()
      await runReportingCycle(db, { now: now() })

      const pw = credentials.find((c) => c.role === 'admin')!
      const login = await ctx.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: pw.username, password: pw.password }),
      })
      admin = {
        cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
        csrf: ((await login.json()) as { csrfToken: string }).csrfToken,
      }
      allTasks = (await get<{ items: Task[] }>('/api/v1/tasks')).items
      for (const code of ['320000', '321000']) {
        const summary = await get<TaskSummary>(`/api/v1/tasks/summary?jurisdiction=${code}&limit=100`)
        const tasks = (await get<{ items: Task[] }>(`/api/v1/tasks?jurisdiction=${code}&descendants=true`)).items
        mixes.set(code, taskMix(summary, tasks))
      }
    }, 900_000)
    afterAll(async () => {
      await sim?.stop()
      await ctx?.close()
    })

    it('imported the history once, then ran without failures, with departments reporting, claiming and managers deciding', () => {
      const stats = sim.stats()
      console.info(`[demo mix on ${target.name}] ${JSON.stringify(stats)}`)
      for (const m of mixes.values()) console.info(`[demo mix on ${target.name}] ${formatMix(m)}`)
      for (const p of planCounts(allTasks))
        console.info(
          `[demo mix on ${target.name}] ${p.planKey}: ${p.tasks} tasks, ${p.milestones} milestones, cadence ${JSON.stringify(p.cadences)}`,
        )
      expect(stats).toMatchObject({ history: 'done', failures: 0, taskFailures: 0 })
      expect(stats.imported).toBeGreaterThan(500)
      expect(stats.taskReports).toBeGreaterThan(200)
      expect(stats.claims).toBeGreaterThan(0)
      expect(stats.approvals).toBeGreaterThan(0)
      expect(stats.returns).toBeGreaterThan(0)
    })

    it.each(['320000', '321000'])('shows completed, on-time, overdue and at-risk items for %s', (code) => {
      const m = mixes.get(code)!
      expect(m.asOf).toBe(addDays(START, DAYS))
      expect(m.completed).toBeGreaterThan(0)
      expect(m.onTime).toBeGreaterThan(0)
      expect(m.overdue).toBeGreaterThan(0)
      expect(atRiskCount(m)).toBeGreaterThan(0)
      // Mostly on time: a believable programme, not a wall of red.
      expect(m.onTime).toBeGreaterThan(m.doneLate + m.overdue)
    })

    it('has no milestone overdue whose work was done: each overdue one is late, stuck or on hold in its course', () => {
      const asOf = addDays(START, DAYS)
      const plans = new Map<string, SimPlan>()
      for (const t of allTasks) if (!plans.has(t.planKey)) plans.set(t.planKey, planOf(t))
      const overdue = allTasks.filter((t) => t.kind === 'milestone' && t.dueState === 'overdue')
      expect(overdue.length).toBeGreaterThan(0)
      for (const m of overdue) {
        const course = courseOf(SEED, m, plans.get(m.planKey)!)
        // Done after its date, and not so long ago that a claim, a return and a second claim could all be decided.
        if (course.completeOn !== null) {
          expect(course.completeOn > m.effectiveDueDate).toBe(true)
          expect(addDays(course.completeOn, 40) > asOf).toBe(true)
        }
        expect(['delayed', 'suspended', 'completed', 'in-progress']).toContain(m.latestProgress?.stage)
      }
    })

    it('leaves departments’ indicator reporting mostly on time: the history counts as on time, the demo months as simulated', async () => {
      const rates = await get<ReportingRates>('/api/v1/reporting/rates?jurisdiction=320000')
      const due = rates.items.reduce((n, r) => n + r.due, 0)
      const onTime = rates.items.reduce((n, r) => n + r.onTime, 0)
      console.info(
        `[demo mix on ${target.name}] 江苏 indicator reporting: ${onTime}/${due} on time (${((100 * onTime) / due).toFixed(1)}%)`,
      )
      expect(due).toBeGreaterThan(100)
      expect(onTime / due).toBeGreaterThan(0.7)
    })

    /** A plan as the simulator sees it (start year, end year, issue date), from the seeds through any of its tasks. */
    function planOf(t: Task): SimPlan {
      const p = ctxPlans.get(t.planKey)
      if (!p) throw new Error(`no plan ${t.planKey}`)
      return p
    }
    const ctxPlans = new Map<string, SimPlan>()
    beforeAll(async () => {
      for (const p of (
        await get<{ items: { key: string; startYear: number; endYear: number; issuedOn: string }[] }>('/api/v1/plans')
      ).items)
        ctxPlans.set(p.key, { startYear: p.startYear, endYear: p.endYear, issuedOn: p.issuedOn })
    })
  },
)
