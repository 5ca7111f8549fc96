import type { ImportTaskCompletionItem } from '@cockpit/contracts'
import { addDays, type IsoDate } from '@cockpit/domain'
import { between, unitHash } from './random.js'
import { claimDate } from './task-course.js'
import { courseOf, type SimPlan, type SimTask } from './task-reports.js'
import { HISTORY_CLAIM_NOTE } from './task-texts.js'

/** Share of tasks whose first completion claim the manager returns once with a comment. */
export const RETURN_SHARE = 0.15

export interface PlannedClaim {
  taskId: number
  /** The lead department that claims: the first one holding a token. */
  departmentId: number
  /** The day the work was done (the date claimed). */
  completedOn: IsoDate
  /** The day the first claim is sent. */
  claimOn: IsoDate
}

/** The completion claim a task's course leads to, or null (never done, or no lead to claim it). */
export function plannedClaim(
  seed: number,
  task: SimTask,
  plan: SimPlan,
  withToken: ReadonlySet<number>,
): PlannedClaim | null {
  const lead = task.departments.find((d) => d.role === 'lead' && withToken.has(d.id))
  const { completeOn } = courseOf(seed, task, plan)
  if (lead === undefined || completeOn === null) return null
  return {
    taskId: task.id,
    departmentId: lead.id,
    completedOn: completeOn,
    claimOn: claimDate(seed, task.id, completeOn),
  }
}

/** Days a manager takes to decide a claim (counted from the day it was made): one to five. */
export const verifyDelayDays = (seed: number, completionId: number): number =>
  1 + Math.floor(between(unitHash(seed, 'verify', completionId), 0, 5))

/** Whether the manager returns this task's first claim (once; a corrected claim is approved). */
export const returnsFirstClaim = (seed: number, taskId: number): boolean =>
  unitHash(seed, 'return', taskId) < RETURN_SHARE

/** Days the department takes to correct a returned claim and send it again: three to ten. */
export const reclaimDelayDays = (seed: number, taskId: number, attempt: number): number =>
  3 + Math.floor(between(unitHash(seed, 'reclaim', taskId, attempt), 0, 8))

/** The Idempotency-Key of a task's n-th claim: a re-sent claim is the same claim. */
export const claimKey = (taskId: number, attempt: number) => `sim-claim-t${taskId}-${attempt}`

/**
 * Completions from before the demo began (claimed before `before`), for the history import: verified
 * on the day the work was done. Tasks already complete (or waiting for verification) are left alone.
 */
export function historyCompletions(
  seed: number,
  tasks: readonly SimTask[],
  plans: ReadonlyMap<string, SimPlan>,
  withToken: ReadonlySet<number>,
  before: IsoDate,
): ImportTaskCompletionItem[] {
  const out: ImportTaskCompletionItem[] = []
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    const plan = plans.get(task.planKey)
    if (plan === undefined || task.completedOn !== null || task.pendingClaim !== null) continue
    const claim = plannedClaim(seed, task, plan, withToken)
    if (claim !== null && claim.claimOn < before)
      out.push({ taskId: task.id, completedOn: claim.completedOn, note: HISTORY_CLAIM_NOTE })
  }
  return out
}

/** The day a claim made on `claimedOn` is decided. */
export const decideOn = (seed: number, completionId: number, claimedOn: IsoDate): IsoDate =>
  addDays(claimedOn, verifyDelayDays(seed, completionId))
