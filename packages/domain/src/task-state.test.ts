import { describe, expect, it } from 'vitest'
import { taskDueState } from './task-state.js'

const open = (dueDate: string | null) => ({ dueDate, completedOn: null })

describe('taskDueState', () => {
  it('a task completed on or before its due date is done', () => {
    expect(taskDueState({ dueDate: '2025-06-30', completedOn: '2025-06-30' }, '2025-07-15')).toBe('done')
    expect(taskDueState({ dueDate: '2025-06-30', completedOn: '2025-05-01' }, '2025-07-15')).toBe('done')
  })

  it('a task completed after its due date is done late', () => {
    expect(taskDueState({ dueDate: '2025-06-30', completedOn: '2025-07-01' }, '2025-07-15')).toBe('done-late')
  })

  it('a completed task without a due date is done', () => {
    expect(taskDueState({ dueDate: null, completedOn: '2025-07-01' }, '2025-07-15')).toBe('done')
  })

  it('an open task without a due date has no date', () => {
    expect(taskDueState(open(null), '2025-07-15')).toBe('no-date')
  })

  it('an open task is overdue from the day after its due date', () => {
    expect(taskDueState(open('2025-06-30'), '2025-07-01')).toBe('overdue')
    expect(taskDueState(open('2025-06-30'), '2025-06-30')).toBe('due-soon')
  })

  it('an open task due within soonDays (inclusive) is due soon, otherwise open', () => {
    expect(taskDueState(open('2025-07-31'), '2025-07-01')).toBe('due-soon')
    expect(taskDueState(open('2025-08-01'), '2025-07-01')).toBe('open')
    expect(taskDueState(open('2025-08-01'), '2025-07-01', 31)).toBe('due-soon')
    expect(taskDueState(open('2025-07-02'), '2025-07-01', 0)).toBe('open')
  })

  it('counts days across a leap day', () => {
    expect(taskDueState(open('2024-03-30'), '2024-02-29')).toBe('due-soon')
    expect(taskDueState(open('2024-03-31'), '2024-02-29')).toBe('open')
  })

  it('a completion dated after asOf was not known yet, so the task is judged as open then', () => {
    const task = { dueDate: '2025-06-30', completedOn: '2025-08-01' }
    expect(taskDueState(task, '2025-07-15')).toBe('overdue')
    expect(taskDueState(task, '2025-06-15')).toBe('due-soon')
    expect(taskDueState(task, '2025-08-01')).toBe('done-late')
  })

  it('throws on malformed dates', () => {
    expect(() => taskDueState(open('2025-6-30'), '2025-07-01')).toThrow(RangeError)
    expect(() => taskDueState(open(null), '2025-07-32')).toThrow(RangeError)
    expect(() => taskDueState({ dueDate: null, completedOn: 'yesterday' }, '2025-07-01')).toThrow(RangeError)
  })
})
