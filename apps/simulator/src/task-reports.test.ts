import { TaskProgressBody } from '@cockpit/contracts'
import { addDays } from '@cockpit/domain'
import { describe, expect, it } from 'vitest'
import type { Habit } from './schedule.js'
import { taskReportDelayDays } from './schedule.js'
import { courseOf, dueTaskReports, type SimPlan, type SimTask, type TaskReportInput } from './task-reports.js'

const plan: SimPlan = { startYear: 2022, endYear: 2025, issuedOn: '2022-09-28' }
const plans = new Map([['test-plan', plan]])
const task = (id: number, overrides: Partial<SimTask> = {}): SimTask => ({
  id,
  kind: 'milestone',
  planKey: 'test-plan',
  jurisdictionCode: '330800',
  effectiveDueDate: '2024-12-31',
  completedOn: null,
  reportCadence: 'monthly',
  departments: [
    { id: 1, key: 'd1', name: '一', role: 'lead' },
    { id: 2, key: 'd2', name: '二', role: 'cooperating' },
  ],
  pendingClaim: null,
  ...overrides,
})
const input = (tasks: SimTask[], extra: Partial<TaskReportInput> = {}): TaskReportInput => ({
  tasks,
  plans,
  habits: new Map<number, Habit>([
    [1, 'prompt'],
    [2, 'prompt'],
  ]),
  today: '2023-06-30',
  seed: 42,
  settled: new Set(),
  verified: new Map(),
  ...extra,
})
const leadPeriods = (reports: ReturnType<typeof dueTaskReports>) =>
  reports.filter((r) => r.departmentId === 1).map((r) => r.body.period)

describe('dueTaskReports', () => {
  it('has the lead report every ended period from the one its plan was issued in, on the day its habit says', () => {
    const reports = dueTaskReports(input([task(1)]))
    const periods = leadPeriods(reports)
    expect(periods[0]).toBe('2022-09')
    expect(periods).toContain('2023-05')
    expect(periods).not.toContain('2023-06')
    for (const r of reports.filter((x) => x.departmentId === 1))
      expect(r.reportOn).toBe(addDays(endOf(r.body.period!), taskReportDelayDays(42, 1, 'prompt', r.body.period!)!))
  })

  it('writes bodies the API accepts: 滞后 and 暂缓 always say why, 已完成 is 100%', () => {
    const tasks = Array.from({ length: 120 }, (_, i) => task(i + 1))
    const reports = dueTaskReports(input(tasks, { today: '2025-12-31' }))
    expect(reports.length).toBeGreaterThan(1000)
    for (const r of reports) expect(TaskProgressBody.safeParse(r.body).success).toBe(true)
    const stages = new Set(reports.map((r) => r.body.stage))
    expect(stages).toEqual(new Set(['not-started', 'in-progress', 'completed', 'delayed', 'suspended']))
  }, 30_000)

  it('adds a cooperating department’s part to about one period in five, written as a part', () => {
    const reports = dueTaskReports(
      input(
        Array.from({ length: 40 }, (_, i) => task(i + 1)),
        { today: '2024-06-30' },
      ),
    )
    const lead = reports.filter((r) => r.departmentId === 1)
    const parts = reports.filter((r) => r.departmentId === 2)
    expect(parts.length / lead.length).toBeGreaterThan(0.12)
    expect(parts.length / lead.length).toBeLessThan(0.28)
    for (const p of parts) expect(p.body.progress).toMatch(/^配合牵头单位/)
  })

  it('stops after the period a task was verified complete in', () => {
    const verified = new Map([[1, '2023-03-15']])
    expect(leadPeriods(dueTaskReports(input([task(1)], { verified }))).at(-1)).toBe('2023-03')
    expect(leadPeriods(dueTaskReports(input([task(1, { completedOn: '2023-02-01' })]))).at(-1)).toBe('2023-02')
    // Done after the plan ended: nothing after the plan's last period (the API refuses those once it is complete).
    const after = dueTaskReports(
      input([task(1, { effectiveDueDate: '2025-12-31' })], {
        today: '2026-05-31',
        verified: new Map([[1, '2026-03-10']]),
      }),
    )
    expect(leadPeriods(after).at(-1)).toBe('2025-12')
  })

  it('splits cleanly into history (sent before a day) and what follows, nothing lost and nothing twice', () => {
    const tasks = Array.from({ length: 30 }, (_, i) => task(i + 1))
    const all = dueTaskReports(input(tasks, { today: '2024-04-30' }))
    const history = dueTaskReports(input(tasks, { today: '2023-12-31' }))
    const later = dueTaskReports(input(tasks, { today: '2024-04-30', reportedFrom: '2024-01-01' }))
    expect(history.every((r) => r.reportOn < '2024-01-01')).toBe(true)
    expect(later.every((r) => r.reportOn >= '2024-01-01')).toBe(true)
    expect(new Set([...history, ...later].map((r) => r.key))).toEqual(new Set(all.map((r) => r.key)))
    expect(history.length + later.length).toBe(all.length)
  })

  it('leaves out what is settled, departments without a token, a skipper’s skipped periods and plans it does not know', () => {
    const first = dueTaskReports(input([task(1)]))
    const settled = new Set(first.map((r) => r.key))
    expect(dueTaskReports(input([task(1)], { settled }))).toEqual([])
    expect(
      dueTaskReports(input([task(1)], { habits: new Map([[2, 'prompt']]) })).every((r) => r.departmentId === 2),
    ).toBe(true)
    const skipping = leadPeriods(
      dueTaskReports(input([task(1)], { habits: new Map([[1, 'skipper']]), today: '2025-06-30' })),
    )
    expect(skipping.length).toBeLessThan(leadPeriods(dueTaskReports(input([task(1)], { today: '2025-06-30' }))).length)
    expect(dueTaskReports(input([task(1, { planKey: 'unknown' })]))).toEqual([])
  })

  it('follows the task’s course: 已完成 from the period its work was done in', () => {
    const id = Array.from({ length: 200 }, (_, i) => i + 1).find((i) => courseOf(42, task(i), plan).fate === 'on-time')!
    const course = courseOf(42, task(id), plan)
    const reports = dueTaskReports(input([task(id)], { today: '2025-06-30' })).filter((r) => r.departmentId === 1)
    for (const r of reports) expect(r.body.stage === 'completed').toBe(endOf(r.body.period!) >= course.completeOn!)
  })
})

/** The last day of a 'YYYY-MM' period. */
function endOf(period: string): string {
  const [y, m] = period.split('-').map(Number)
  return addDays(`${m === 12 ? y! + 1 : y}-${String(m === 12 ? 1 : m! + 1).padStart(2, '0')}-01`, -1)
}
