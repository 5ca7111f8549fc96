import type { TaskDueState } from '@cockpit/contracts'
import { assertIsoDate, daysBetween, type IsoDate } from './dates.js'

/**
 * A task's standing against its due date at asOf. A completion dated after asOf was not yet known
 * at asOf, so the task is treated as still open then: a past date re-evaluated gives that date's answer.
 */
export const taskDueState = (
  task: { dueDate: IsoDate | null; completedOn: IsoDate | null },
  asOf: IsoDate,
  soonDays = 30,
): TaskDueState => {
  assertIsoDate(asOf)
  const { dueDate, completedOn } = task
  if (dueDate !== null) assertIsoDate(dueDate)
  if (completedOn !== null) assertIsoDate(completedOn)

  if (completedOn !== null && completedOn <= asOf) {
    return dueDate === null || completedOn <= dueDate ? 'done' : 'done-late'
  }
  if (dueDate === null) return 'no-date'
  const daysLeft = daysBetween(asOf, dueDate)
  if (daysLeft < 0) return 'overdue'
  // Due today counts as due soon, not overdue: the deadline is the end of that day.
  return daysLeft <= soonDays ? 'due-soon' : 'open'
}
