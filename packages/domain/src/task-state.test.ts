import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cadences, taskStages, type TaskStage } from '@cockpit/contracts'
import { addDays } from './dates.js'
import { periodOf } from './periods.js'
import {
  effectiveDueDate,
  reportingStalled,
  taskDueState,
  withMilestones,
  type TaskDue,
  type TaskDueInput,
} from './task-state.js'

/** A task reported on recently (so never stalled unless a test says so), monthly, reporting since 2023. */
const task = (over: Partial<TaskDueInput> = {}): TaskDueInput => ({
  dueDate: '2025-06-30',
  completedOn: null,
  latestStage: 'in-progress',
  lastReportPeriodEnd: '2025-12-31',
  reportingFrom: '2023-01-01',
  cadence: 'monthly',
  ...over,
})
const state = (over: Partial<TaskDueInput>, asOf: string, opts = {}) => taskDueState(task(over), asOf, opts).state

describe('effectiveDueDate', () => {
  it('is the own date when there is one, else 31 December of the plan horizon end year', () => {
    expect(effectiveDueDate('2024-06-30', 2025)).toBe('2024-06-30')
    expect(effectiveDueDate(null, 2025)).toBe('2025-12-31')
  })
})

describe('taskDueState', () => {
  it('a verified completion on or before the due date is done on time, with no days overdue', () => {
    expect(taskDueState(task({ completedOn: '2025-06-30' }), '2025-07-15')).toEqual({
      state: 'done',
      daysOverdue: null,
      daysLeft: null,
      overdueMilestones: 0,
    })
    expect(state({ completedOn: '2025-05-01' }, '2025-07-15')).toBe('done')
  })

  it('a verified completion after the due date is done late, by the days it was late', () => {
    expect(taskDueState(task({ completedOn: '2025-07-05' }), '2025-08-15')).toMatchObject({
      state: 'done-late',
      daysOverdue: 5,
    })
  })

  it('is overdue from the day after its due date, counting the days; due today is still due soon', () => {
    expect(taskDueState(task(), '2025-07-01')).toMatchObject({ state: 'overdue', daysOverdue: 1, daysLeft: null })
    expect(taskDueState(task(), '2025-06-30')).toMatchObject({ state: 'due-soon', daysOverdue: null, daysLeft: 0 })
  })

  it('is due soon within soonDays (inclusive), else not due', () => {
    expect(taskDueState(task(), '2025-05-31')).toMatchObject({ state: 'due-soon', daysLeft: 30 })
    expect(taskDueState(task(), '2025-05-30')).toMatchObject({ state: 'not-due', daysLeft: 31 })
    expect(state({}, '2025-05-30', { soonDays: 31 })).toBe('due-soon')
    expect(state({}, '2025-06-29', { soonDays: 0 })).toBe('not-due')
  })

  it('a completion dated after asOf was not known yet, so the task is judged open then', () => {
    const late = { completedOn: '2025-08-01' }
    expect(state(late, '2025-07-15')).toBe('overdue')
    expect(state(late, '2025-06-15')).toBe('due-soon')
    expect(state(late, '2025-08-01')).toBe('done-late')
  })

  it('the latest stage 暂缓 makes it suspended, but never hides that it is past due', () => {
    expect(taskDueState(task({ latestStage: 'suspended' }), '2025-03-01')).toMatchObject({
      state: 'suspended',
      daysLeft: 121,
    })
    expect(state({ latestStage: 'suspended' }, '2025-07-01')).toBe('overdue')
    expect(state({ latestStage: 'suspended', completedOn: '2025-06-01' }, '2025-07-01')).toBe('done')
  })

  it('a claimed but unverified completion (latest stage 已完成) changes nothing', () => {
    expect(state({ latestStage: 'completed' }, '2025-07-01')).toBe('overdue')
  })

  it('with no report in the last two closed periods it is stalled, before due-soon', () => {
    // asOf in June 2025: closed periods are … April, May. A report for March is too old.
    expect(state({ lastReportPeriodEnd: '2025-03-31' }, '2025-06-10')).toBe('stalled')
    expect(state({ lastReportPeriodEnd: '2025-04-30' }, '2025-06-10')).toBe('due-soon')
    expect(state({ lastReportPeriodEnd: null, latestStage: null }, '2025-06-10')).toBe('stalled')
    expect(state({ lastReportPeriodEnd: '2025-03-31' }, '2025-06-10', { stalledPeriods: 3 })).toBe('due-soon')
  })

  it('a report for the current period counts as progress', () => {
    expect(state({ lastReportPeriodEnd: '2025-06-30', dueDate: '2025-12-31' }, '2025-06-10')).toBe('not-due')
  })

  it('is not stalled before its first period has closed, and then only over the periods since reporting began', () => {
    const fresh = { lastReportPeriodEnd: null, latestStage: null, reportingFrom: '2025-05-10', dueDate: '2025-12-31' }
    expect(state(fresh, '2025-05-31')).toBe('not-due')
    // May has closed and nothing covers it: stalled, though fewer than two periods exist yet.
    expect(state(fresh, '2025-06-01')).toBe('stalled')
    expect(state({ ...fresh, lastReportPeriodEnd: '2025-05-31' }, '2025-06-20')).toBe('not-due')
  })

  it('judges stalling by the cadence: a quarterly task reported for Q1 is fine until Q4 begins', () => {
    const q = { cadence: 'quarterly' as const, lastReportPeriodEnd: '2025-03-31', dueDate: '2026-12-31' }
    expect(state(q, '2025-09-30')).toBe('not-due')
    expect(state(q, '2025-10-01')).toBe('stalled')
  })

  it('throws on malformed dates', () => {
    expect(() => taskDueState(task({ dueDate: '2025-6-30' }), '2025-07-01')).toThrow(RangeError)
    expect(() => taskDueState(task(), '2025-07-32')).toThrow(RangeError)
    expect(() => taskDueState(task({ completedOn: 'yesterday' }), '2025-07-01')).toThrow(RangeError)
  })
})

describe('withMilestones', () => {
  const d = (state: TaskDue['state'], daysOverdue: number | null = null): TaskDue => ({
    state,
    daysOverdue,
    daysLeft: null,
    overdueMilestones: 0,
  })

  it('an open task with overdue milestones is overdue by the most days, and says how many', () => {
    expect(withMilestones({ ...d('not-due'), daysLeft: 200 }, [d('overdue', 3), d('overdue', 40), d('done')])).toEqual({
      state: 'overdue',
      daysOverdue: 40,
      daysLeft: 200,
      overdueMilestones: 2,
    })
    expect(withMilestones(d('stalled'), [d('overdue', 1)]).state).toBe('overdue')
    expect(withMilestones(d('suspended'), [d('overdue', 1)]).state).toBe('overdue')
  })

  it('a task done, or itself overdue, keeps its own state and days', () => {
    expect(withMilestones(d('done'), [d('overdue', 9)])).toEqual({ ...d('done'), overdueMilestones: 1 })
    expect(withMilestones(d('overdue', 2), [d('overdue', 9)])).toEqual({ ...d('overdue', 2), overdueMilestones: 1 })
  })

  it('milestones that are not overdue change nothing', () => {
    expect(withMilestones(d('due-soon'), [d('done-late', 3), d('not-due')])).toEqual(d('due-soon'))
  })
})

describe('taskDueState properties', () => {
  const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n))
  const input = fc.record({
    dueDate: day,
    completedOn: fc.option(day, { nil: null }),
    latestStage: fc.option(fc.constantFrom<TaskStage>(...taskStages), { nil: null }),
    lastReportPeriodEnd: fc.option(day, { nil: null }),
    reportingFrom: day,
    cadence: fc.constantFrom(...cadences),
  })

  it('a verified completion known at asOf never yields overdue, stalled or suspended', () => {
    fc.assert(
      fc.property(input, day, (t, asOf) => {
        fc.pre(t.completedOn !== null && t.completedOn <= asOf)
        expect(['done', 'done-late']).toContain(taskDueState(t, asOf).state)
      }),
    )
  })

  it('days overdue grow one for one with asOf while it stays open', () => {
    fc.assert(
      fc.property(input, day, fc.integer({ min: 1, max: 400 }), (t, asOf, step) => {
        const open = { ...t, completedOn: null }
        const a = taskDueState(open, asOf)
        fc.pre(a.state === 'overdue')
        const b = taskDueState(open, addDays(asOf, step))
        expect(b.state).toBe('overdue')
        expect(b.daysOverdue).toBe(a.daysOverdue! + step)
      }),
    )
  })

  it('exactly one of daysOverdue and daysLeft is set while open; both null when done on time', () => {
    fc.assert(
      fc.property(input, day, (t, asOf) => {
        const r = taskDueState(t, asOf)
        if (r.state === 'done') expect([r.daysOverdue, r.daysLeft]).toEqual([null, null])
        else if (r.state === 'done-late') expect(r.daysOverdue).toBeGreaterThan(0)
        else expect((r.daysOverdue === null) !== (r.daysLeft === null)).toBe(true)
        if (r.daysOverdue !== null) expect(r.daysOverdue).toBeGreaterThan(0)
        if (r.daysLeft !== null) expect(r.daysLeft).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('depends on asOf only through dates: shifting every date and asOf by whole years keeps the state', () => {
    // Whole years of 365/366 days would shift weekdays and month ends; shifting by 28 years keeps the calendar identical.
    const shift = (d: string) => `${Number(d.slice(0, 4)) + 28}${d.slice(4)}`
    fc.assert(
      fc.property(input, day, (t, asOf) => {
        const moved = {
          ...t,
          dueDate: shift(t.dueDate),
          reportingFrom: shift(t.reportingFrom),
          completedOn: t.completedOn && shift(t.completedOn),
          lastReportPeriodEnd: t.lastReportPeriodEnd && shift(t.lastReportPeriodEnd),
        }
        expect(taskDueState(moved, shift(asOf))).toEqual(taskDueState(t, asOf))
      }),
    )
  })

  it('a report for the period containing asOf is never stalled', () => {
    fc.assert(
      fc.property(input, day, (t, asOf) => {
        expect(reportingStalled({ ...t, lastReportPeriodEnd: periodOf(t.cadence, asOf).end }, asOf)).toBe(false)
      }),
    )
  })
})
