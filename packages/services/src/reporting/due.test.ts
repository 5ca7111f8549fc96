import { addDays, parsePeriod } from '@cockpit/domain'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  currentDuePeriod,
  DEFAULT_GRACE_DAYS,
  graceDaysFor,
  isLocked,
  lockDate,
  reportDueDate,
  reportedState,
  reportingState,
  trackedPeriods,
  unreportedState,
} from './due.js'

const period = (key: string) => parsePeriod(key)!

describe('report due dates', () => {
  it('makes a monthly report due on the 10th of the next month', () => {
    expect(reportDueDate(period('2025-03'))).toBe('2025-04-10')
    expect(reportDueDate(period('2024-12'))).toBe('2025-01-10')
  })

  it('makes a quarterly report due 15 days after the quarter ends', () => {
    expect(reportDueDate(period('2025-Q1'))).toBe('2025-04-15')
    expect(reportDueDate(period('2025-Q4'))).toBe('2026-01-15')
  })

  it('makes a yearly report due on 31 January of the next year', () => {
    expect(reportDueDate(period('2025'))).toBe('2026-01-31')
  })

  it('counts February of a leap year to its 29th before adding the grace', () => {
    expect(reportDueDate(period('2024-02'))).toBe('2024-03-10')
    expect(reportDueDate(period('2023-02'))).toBe('2023-03-10')
  })

  it("uses the indicator's own grace days when set, including zero", () => {
    expect(graceDaysFor('monthly', null)).toBe(10)
    expect(graceDaysFor('monthly', 20)).toBe(20)
    expect(reportDueDate(period('2025-03'), 0)).toBe('2025-03-31')
    expect(reportDueDate(period('2025-Q2'), 5)).toBe('2025-07-05')
  })

  it('is always the period end plus the grace, for any period and grace', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.integer({ min: 0, max: 90 })),
        (y, m, grace) => {
          const p = period(`${y}-${String(m).padStart(2, '0')}`)
          expect(reportDueDate(p, grace)).toBe(addDays(p.end, grace ?? DEFAULT_GRACE_DAYS.monthly))
        },
      ),
    )
  })
})

describe('reporting states by the clock', () => {
  const due = '2025-04-10'
  const nextDue = '2025-05-10'
  it('is open until seven days before the due date, then due-soon through the due date itself', () => {
    expect(unreportedState('2025-04-02', due, nextDue)).toBe('open')
    expect(unreportedState('2025-04-03', due, nextDue)).toBe('due-soon')
    expect(unreportedState('2025-04-10', due, nextDue)).toBe('due-soon')
  })

  it('is overdue the day after the due date and missing once the next period is due too', () => {
    expect(unreportedState('2025-04-11', due, nextDue)).toBe('overdue')
    expect(unreportedState('2025-05-10', due, nextDue)).toBe('overdue')
    expect(unreportedState('2025-05-11', due, nextDue)).toBe('missing')
  })

  it('counts a report on the due date as on time and the day after as late, whatever the clock says now', () => {
    expect(reportedState('2025-04-10', due)).toBe('reported-on-time')
    expect(reportedState('2025-04-11', due)).toBe('reported-late')
    expect(reportingState({ asOf: '2026-01-01', dueDate: due, nextDueDate: nextDue, reportedOn: '2025-04-01' })).toBe(
      'reported-on-time',
    )
    expect(reportingState({ asOf: '2025-04-20', dueDate: due, nextDueDate: nextDue, reportedOn: null })).toBe('overdue')
  })
})

describe('period locks', () => {
  it('locks the day after due date + lock_after_days, and never without a setting', () => {
    expect(lockDate('2025-04-10', 30)).toBe('2025-05-11')
    expect(isLocked('2025-04-10', 30, '2025-05-10')).toBe(false)
    expect(isLocked('2025-04-10', 30, '2025-05-11')).toBe(true)
    expect(lockDate('2025-04-10', null)).toBeNull()
    expect(isLocked('2025-04-10', null, '2099-01-01')).toBe(false)
  })
})

describe('which periods are tracked', () => {
  it('expects the period that ended last as the current due one', () => {
    expect(currentDuePeriod('monthly', '2025-04-05').key).toBe('2025-03')
    expect(currentDuePeriod('quarterly', '2025-04-05').key).toBe('2025-Q1')
    expect(currentDuePeriod('yearly', '2025-04-05').key).toBe('2024')
  })

  it('lists the periods of the plan horizon up to the running one, with due dates', () => {
    const tracked = trackedPeriods('quarterly', { startYear: 2024, endYear: 2025 }, '2024-08-20')
    expect(tracked.map((t) => t.period.key)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3'])
    expect(tracked[1]).toMatchObject({ dueDate: '2024-07-15', nextDueDate: '2024-10-15' })
  })

  it('stops at the end of the horizon and starts nothing before it', () => {
    expect(trackedPeriods('yearly', { startYear: 2023, endYear: 2025 }, '2030-01-01').map((t) => t.period.key)).toEqual(
      ['2023', '2024', '2025'],
    )
    expect(trackedPeriods('monthly', { startYear: 2026, endYear: 2027 }, '2025-12-31')).toEqual([])
  })
})
