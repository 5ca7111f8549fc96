import type { Task, TaskBrief } from '@cockpit/contracts'
import { describe, expect, it } from 'vitest'
import { byUrgency, canClaim, daysText, latestText, reportablePeriods, roleOf } from './tasks.js'

const brief = (over: Partial<TaskBrief>): TaskBrief => ({
  id: 1,
  kind: 'milestone',
  number: null,
  title: 't',
  planKey: 'p',
  jurisdictionCode: '360100',
  pillar: null,
  effectiveDueDate: '2025-12-31',
  completedOn: null,
  dueState: 'not-due',
  dueStateLabel: '',
  daysOverdue: null,
  daysLeft: 100,
  overdueMilestones: 0,
  lead: null,
  latestStage: null,
  ...over,
})

describe('the order of attention on 任务督办 and 我的任务', () => {
  it('puts overdue items first, most days overdue first, then at-risk ones soonest first, and finished ones last', () => {
    const items = [
      brief({ id: 1, dueState: 'done', daysLeft: null }),
      brief({ id: 2, dueState: 'due-soon', daysLeft: 20 }),
      brief({ id: 3, dueState: 'overdue', daysOverdue: 3, daysLeft: null }),
      brief({ id: 4, dueState: 'not-due', daysLeft: 200 }),
      brief({ id: 5, dueState: 'overdue', daysOverdue: 40, daysLeft: null }),
      brief({ id: 6, dueState: 'due-soon', daysLeft: 2 }),
      brief({ id: 7, dueState: 'stalled', daysLeft: 90 }),
    ]
    expect([...items].sort(byUrgency).map((i) => i.id)).toEqual([5, 3, 6, 2, 7, 4, 1])
  })
})

describe('daysText', () => {
  it('says how late an overdue or late-done item is, how long an open one has, and nothing for one done on time', () => {
    expect(daysText({ dueState: 'overdue', daysOverdue: 12, daysLeft: null })).toBe('逾期 12 天')
    expect(daysText({ dueState: 'done-late', daysOverdue: 3, daysLeft: null })).toBe('逾期 3 天')
    expect(daysText({ dueState: 'due-soon', daysOverdue: null, daysLeft: 0 })).toBe('今日到期')
    expect(daysText({ dueState: 'not-due', daysOverdue: null, daysLeft: 45 })).toBe('剩 45 天')
    expect(daysText({ dueState: 'done', daysOverdue: null, daysLeft: null })).toBe('')
  })
})

describe('roleOf', () => {
  const departments: Task['departments'] = [
    { id: 7, key: 'a', name: 'A', role: 'lead' },
    { id: 8, key: 'b', name: 'B', role: 'cooperating' },
    { id: 9, key: 'c', name: 'C', role: 'cooperating' },
    { id: 9, key: 'c', name: 'C', role: 'lead' },
  ]
  it('tells a lead department from a cooperating one, lead winning when a department is both, and strangers from both', () => {
    expect(roleOf({ departments }, 7)).toBe('lead')
    expect(roleOf({ departments }, 8)).toBe('cooperating')
    expect(roleOf({ departments }, 9)).toBe('lead')
    expect(roleOf({ departments }, 10)).toBeNull()
    expect(roleOf({ departments }, null)).toBeNull()
  })
})

describe('reportablePeriods', () => {
  it('offers the current period first (marked 本期) and the ones before it, across a year boundary', () => {
    expect(reportablePeriods('monthly', '2024-02-10', 3)).toEqual([
      { key: '2024-02', label: '2024年2月(本期)' },
      { key: '2024-01', label: '2024年1月' },
      { key: '2023-12', label: '2023年12月' },
    ])
    expect(reportablePeriods('quarterly', '2024-06-30', 2).map((p) => p.key)).toEqual(['2024-Q2', '2024-Q1'])
    expect(reportablePeriods('yearly', '2024-06-30', 2).map((p) => p.key)).toEqual(['2024', '2023'])
  })
})

describe('canClaim', () => {
  it('takes a claim only while the item is not verified complete and no claim waits for verification', () => {
    expect(canClaim({ completedOn: null, pendingClaim: null })).toBe(true)
    expect(canClaim({ completedOn: '2024-05-01', pendingClaim: null })).toBe(false)
    expect(
      canClaim({
        completedOn: null,
        pendingClaim: { id: 1, claimedOn: '2024-05-01', claimedAt: '', departmentName: 'A' },
      }),
    ).toBe(false)
  })
})

describe('latestText', () => {
  it('writes the latest report as period, stage and percent, leaving out a missing percent', () => {
    expect(latestText({ periodKey: '2024-06', stageLabel: '滞后', percent: 95 })).toBe('2024年6月 滞后 95%')
    expect(latestText({ periodKey: '2024-Q2', stageLabel: '推进中', percent: null })).toBe('2024年第二季度 推进中')
  })
})
