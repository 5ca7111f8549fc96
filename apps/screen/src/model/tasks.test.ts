import type { TaskCounts, TaskDueState } from '@cockpit/contracts'
import { describe, expect, it } from 'vitest'
import {
  completionSegments,
  departmentRows,
  dueText,
  patchSummary,
  pickRows,
  pillarRows,
  progressRows,
  shortPlace,
  taskChangeText,
  tasksToWatch,
  taskWalk,
} from './tasks.js'
import type { ScreenTaskBrief, ScreenTaskDetail, ScreenTaskSummary } from './types.js'

const counts = (byState: Partial<Record<TaskDueState, number>>): TaskCounts => {
  const full = {
    'not-due': 0,
    'due-soon': 0,
    overdue: 0,
    done: 0,
    'done-late': 0,
    stalled: 0,
    suspended: 0,
    ...byState,
  }
  const total = Object.values(full).reduce((a, b) => a + b, 0)
  return {
    total,
    byState: full,
    completed: full.done + full['done-late'],
    onTime: full.done,
    overdue: full.overdue,
    onTimeRate: null,
  }
}
const brief = (id: number, dueState: TaskDueState, extra: Partial<ScreenTaskBrief> = {}) =>
  ({ id, dueState, number: null, title: `任务${id}`, daysOverdue: null, daysLeft: null, ...extra }) as ScreenTaskBrief
const summary = (s: Partial<ScreenTaskSummary>) =>
  ({ overdue: [], dueSoon: [], recentCompletions: [], byPillar: [], byDepartment: [], ...s }) as ScreenTaskSummary

describe('the 重点任务督办 board', () => {
  it('splits a group into on time, late, overdue and still open, which add up to its total', () => {
    const c = counts({ done: 3, 'done-late': 1, overdue: 2, 'not-due': 4, 'due-soon': 1, stalled: 1, suspended: 1 })
    expect(completionSegments(c)).toEqual({ onTime: 3, late: 1, overdue: 2, open: 7, total: 13 })
  })
  it('keeps a fixed number of chart rows, preferring those with overdue items, in the API order', () => {
    const rows = [
      { ...counts({ 'not-due': 9 }), k: 'a' },
      { ...counts({ overdue: 1 }), k: 'b' },
      { ...counts({ 'not-due': 2 }), k: 'c' },
      { ...counts({ overdue: 3 }), k: 'd' },
    ]
    expect(pickRows(rows, 3).map((r) => r.k)).toEqual(['a', 'b', 'd'])
    expect(pickRows(rows, 9)).toHaveLength(4)
  })
  it('names each plan chapter by its place only when several plans are in view', () => {
    const place = (k: string) => (k === 'yangzhou-2023' ? '扬州市' : '江苏省')
    const one = summary({
      byPillar: [{ ...counts({ done: 1 }), planKey: 'jiangsu-14th', pillarKey: 'tyrk', pillarName: '统一入口' }],
    })
    expect(pillarRows(one, place, 9).map((r) => r.label)).toEqual(['统一入口'])
    const two = summary({
      byPillar: [
        ...one.byPillar,
        { ...counts({ done: 1 }), planKey: 'yangzhou-2023', pillarKey: null, pillarName: '其他' },
      ],
    })
    expect(pillarRows(two, place, 9).map((r) => r.label)).toEqual(['江苏·统一入口', '扬州·其他'])
    const depts = summary({
      byDepartment: [{ ...counts({}), departmentId: 1, departmentName: '省政务办', jurisdictionCode: '320000' }],
    })
    expect(departmentRows(depts, () => '江苏省', 9).map((r) => r.label)).toEqual(['省政务办'])
    expect(shortPlace('宁夏回族自治区')).toBe('宁夏回族')
  })
  it('watches overdue items before those due soon, each once', () => {
    const s = summary({
      overdue: [brief(1, 'overdue'), brief(2, 'overdue')],
      dueSoon: [brief(3, 'due-soon'), brief(1, 'overdue')],
    })
    expect(tasksToWatch(s, 3).map((t) => t.id)).toEqual([1, 2, 3])
    expect(tasksToWatch(null, 3)).toEqual([])
  })
  it('walks the most overdue items in rotation, else those due soon, else the latest completed', () => {
    expect(taskWalk(summary({ overdue: [brief(4, 'overdue')], dueSoon: [brief(5, 'due-soon')] }))).toEqual([4])
    expect(taskWalk(summary({ dueSoon: [brief(5, 'due-soon')] }))).toEqual([5])
    expect(taskWalk(summary({ recentCompletions: [brief(6, 'done')] }))).toEqual([6])
    expect(taskWalk(summary({}))).toEqual([])
  })
  it('says how far an item is from its date', () => {
    expect(dueText(brief(1, 'overdue', { daysOverdue: 12 }))).toBe('逾期 12 天')
    expect(dueText(brief(1, 'done-late', { daysOverdue: 3 }))).toBe('逾期 3 天完成')
    expect(dueText(brief(1, 'done'))).toBe('按期完成')
    expect(dueText(brief(1, 'due-soon', { daysLeft: 0 }))).toBe('今日到期')
    expect(dueText(brief(1, 'stalled', { daysLeft: 40 }))).toBe('剩 40 天')
  })
  it('names a task in the live ticker by what the wall already holds, and says what happened', () => {
    const e = {
      type: 'task',
      taskId: 7,
      kind: 'milestone',
      jurisdictionCode: '320000',
      parentId: 3,
      action: 'approve',
      departmentId: 1,
      dueState: 'done',
      stage: 'completed',
      completedOn: '2024-03-01',
      at: '',
    } as const
    expect(taskChangeText(e, { number: '1', title: '建成平台' })).toBe('1 建成平台 已销号 · 按期完成')
    expect(taskChangeText({ ...e, action: 'claim' })).toBe('节点 7 申报完成,待销号审核')
  })
})

describe('a task event on the wall before the refetch', () => {
  const ms = brief(7, 'overdue', {
    kind: 'milestone',
    planKey: 'p',
    pillar: { key: 'x', name: 'X' },
    lead: { id: 3, name: '局' },
    effectiveDueDate: '2021-12-31',
    completedOn: null,
    daysOverdue: 900,
    latestStage: null,
  })
  const base = summary({
    overall: counts({ overdue: 2, done: 1 }),
    byKind: { task: counts({ overdue: 1 }), milestone: counts({ overdue: 1, done: 1 }) },
    byPillar: [{ ...counts({ overdue: 2 }), planKey: 'p', pillarKey: 'x', pillarName: 'X' }],
    byDepartment: [{ ...counts({ overdue: 1 }), departmentId: 3, departmentName: '局', jurisdictionCode: '320000' }],
    overdue: [ms, brief(8, 'overdue', { daysOverdue: 10 })],
    recentCompletions: [brief(9, 'done', { completedOn: '2020-05-01' })],
  })
  const approve = {
    type: 'task',
    taskId: 7,
    kind: 'milestone',
    jurisdictionCode: '320000',
    parentId: null,
    action: 'approve',
    departmentId: 3,
    dueState: 'done',
    stage: 'completed',
    completedOn: '2021-12-28',
    at: '',
  } as const
  it('moves a verified milestone from overdue to the recent completions and its counts with it', () => {
    const s = patchSummary(base, approve, 14)!
    expect(s.overdue.map((t) => t.id)).toEqual([8])
    expect(s.recentCompletions.map((t) => [t.id, t.dueState, t.daysOverdue])).toEqual([
      [7, 'done', null],
      [9, 'done', null],
    ])
    expect(s.overall).toMatchObject({ overdue: 1, completed: 2, onTime: 2 })
    expect(s.byKind.milestone.byState).toMatchObject({ overdue: 0, done: 2 })
    expect(s.byKind.task.byState.overdue).toBe(1)
    expect(s.byPillar[0]!.byState).toMatchObject({ overdue: 1, done: 1 })
    expect(s.byDepartment[0]).toMatchObject({ overdue: 0, completed: 1 })
  })
  it('counts a completion after the due date as late, by its days', () => {
    const s = patchSummary(base, { ...approve, dueState: 'done-late', completedOn: '2022-01-10' }, 14)!
    expect(s.recentCompletions[0]).toMatchObject({ id: 7, dueState: 'done-late', daysOverdue: 10 })
    expect(s.overall.byState['done-late']).toBe(1)
  })
  it('leaves the summary to the refetch when it does not list the task or nothing it shows changed', () => {
    expect(patchSummary(base, { ...approve, taskId: 99 }, 14)).toBeNull()
    expect(
      patchSummary(base, { ...approve, action: 'claim', dueState: 'overdue', completedOn: null, stage: null }, 14),
    ).toBeNull()
  })
})

describe('a task’s progress history', () => {
  const revision = (id: number, progress: string) => ({
    id,
    stage: 'in-progress',
    stageLabel: '推进中',
    percent: 40,
    progress,
    problems: null,
    nextSteps: null,
    reason: null,
    evidence: [],
    reportedBy: 'x',
    reportedAt: '2024-03-02T00:00:00Z',
  })
  const detail = {
    progress: [
      {
        periodKey: '2024-03',
        periodEnd: '2024-03-31',
        leads: [
          {
            departmentId: 1,
            departmentName: '牵头局',
            role: 'lead',
            revisions: [revision(3, '第二版'), revision(2, '第一版')],
          },
        ],
        cooperating: [
          { departmentId: 2, departmentName: '配合局', role: 'cooperating', revisions: [revision(4, '配合')] },
        ],
      },
      {
        periodKey: '2024-02',
        periodEnd: '2024-02-29',
        leads: [{ departmentId: 1, departmentName: '牵头局', role: 'lead', revisions: [revision(1, '二月')] }],
        cooperating: [],
      },
    ],
  } as unknown as ScreenTaskDetail
  it('lists the newest period first, the lead’s part in force, then the cooperating parts under it', () => {
    const rows = progressRows(detail, 10)
    expect(rows.map((r) => [r.periodKey, r.departmentName, r.progress, r.revised])).toEqual([
      ['2024-03', '牵头局', '第二版', 1],
      ['2024-03', '配合局', '配合', 0],
      ['2024-02', '牵头局', '二月', 0],
    ])
    expect(progressRows(detail, 2)).toHaveLength(2)
  })
})
