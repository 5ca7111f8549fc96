import { addDays, daysBetween } from '@cockpit/domain'
import { describe, expect, it } from 'vitest'
import { claimDate, courseStage, DELAY_REASONS, SUSPEND_REASONS, taskCourse, type TaskFate } from './task-course.js'

const FROM = '2021-01-01'
const plan = { start: FROM, issuedOn: '2021-06-30' }
const ids = Array.from({ length: 2000 }, (_, i) => i + 1)
const courseOf = (id: number, due = '2023-12-31', seed = 42) => taskCourse(seed, { id, effectiveDueDate: due }, plan)

describe('taskCourse', () => {
  it('has most work done on time, some late, a few stuck and a few on hold', () => {
    const counts: Record<TaskFate, number> = { 'on-time': 0, late: 0, stuck: 0, suspended: 0 }
    for (const id of ids) counts[courseOf(id).fate]++
    const share = (f: TaskFate) => counts[f] / ids.length
    expect(share('on-time')).toBeGreaterThan(0.68)
    expect(share('on-time')).toBeLessThan(0.76)
    expect(share('late')).toBeGreaterThan(0.12)
    expect(share('late')).toBeLessThan(0.2)
    expect(share('stuck')).toBeGreaterThan(0.05)
    expect(share('stuck')).toBeLessThan(0.11)
    expect(share('suspended')).toBeGreaterThan(0.02)
    expect(share('suspended')).toBeLessThan(0.06)
  })

  it('finishes on-time work on or before its date and late work two weeks to four months after it; stuck and held work never finishes', () => {
    for (const due of ['2021-12-31', '2023-12-31', '2025-12-31']) {
      for (const id of ids.slice(0, 400)) {
        const c = courseOf(id, due)
        expect(c.startOn >= FROM).toBe(true)
        if (c.fate === 'on-time') {
          expect(c.completeOn! <= due).toBe(true)
          expect(c.completeOn! >= c.startOn).toBe(true)
          expect(c.troubleFrom).toBeNull()
        }
        if (c.fate === 'late') {
          expect(daysBetween(due, c.completeOn!)).toBeGreaterThanOrEqual(14)
          expect(daysBetween(due, c.completeOn!)).toBeLessThanOrEqual(120)
          expect(c.troubleFrom! < due).toBe(true)
          expect(DELAY_REASONS).toContain(c.reason)
        }
        if (c.fate === 'stuck') expect(DELAY_REASONS).toContain(c.reason)
        if (c.fate === 'suspended') expect(SUSPEND_REASONS).toContain(c.reason)
        if (c.fate === 'stuck' || c.fate === 'suspended') {
          expect(c.completeOn).toBeNull()
          expect(c.troubleFrom! > c.startOn).toBe(true)
        }
      }
    }
  })

  it('is fixed by the seed and the task: the same inputs give the same course, another seed another one', () => {
    expect(ids.map((id) => courseOf(id))).toEqual(ids.map((id) => courseOf(id)))
    expect(ids.map((id) => courseOf(id, undefined, 7).fate)).not.toEqual(ids.map((id) => courseOf(id).fate))
  })
})

describe('courseStage', () => {
  it('moves 未启动 → 推进中 with a growing percent → 已完成 (100%) for work done on time', () => {
    const id = ids.find((i) => courseOf(i).fate === 'on-time')!
    const c = courseOf(id)
    expect(courseStage(c, addDays(c.startOn, -1))).toEqual({ stage: 'not-started', percent: 0 })
    let last = 0
    for (let d = c.startOn; d < c.completeOn!; d = addDays(d, 30)) {
      const s = courseStage(c, d)
      expect(s.stage).toBe('in-progress')
      expect(s.percent).toBeGreaterThanOrEqual(last)
      expect(s.percent).toBeLessThanOrEqual(95)
      last = s.percent
    }
    expect(courseStage(c, c.completeOn!)).toEqual({ stage: 'completed', percent: 100 })
  })

  it('reports 滞后 from the slip until late work is done, and 滞后 or 暂缓 for good once work is stuck or on hold', () => {
    for (const fate of ['late', 'stuck', 'suspended'] as const) {
      const c = courseOf(ids.find((i) => courseOf(i).fate === fate)!)
      expect(courseStage(c, addDays(c.troubleFrom!, -1)).stage).toBe(
        addDays(c.troubleFrom!, -1) < c.startOn ? 'not-started' : 'in-progress',
      )
      const troubled = courseStage(c, c.troubleFrom!)
      expect(troubled.stage).toBe(fate === 'suspended' ? 'suspended' : 'delayed')
      if (fate !== 'late') expect(courseStage(c, '2030-01-01')).toEqual(troubled)
      else expect(courseStage(c, c.completeOn!).stage).toBe('completed')
    }
  })
})

describe('claimDate', () => {
  it('falls within a week after the work is done', () => {
    for (const id of ids.slice(0, 200)) {
      const days = daysBetween('2024-03-01', claimDate(42, id, '2024-03-01'))
      expect(days).toBeGreaterThanOrEqual(0)
      expect(days).toBeLessThanOrEqual(6)
    }
  })
})
