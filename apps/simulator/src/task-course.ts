import type { TaskStage } from '@cockpit/contracts'
import { addDays, daysBetween, type IsoDate } from '@cockpit/domain'
import { between, unitHash } from './random.js'

/**
 * How a task or milestone goes in the demo: done before its date, done after it, stuck (滞后 from some
 * point, never done within the demo), or put on hold (暂缓). Shares keep most work on time, some late,
 * a few stuck, as a real programme under 督办 looks.
 */
export type TaskFate = 'on-time' | 'late' | 'stuck' | 'suspended'

// Cumulative shares: ~72% on time, ~16% late, ~8% stuck, ~4% on hold.
const FATES: ReadonlyArray<readonly [number, TaskFate]> = [
  [0.72, 'on-time'],
  [0.88, 'late'],
  [0.96, 'stuck'],
  [1, 'suspended'],
]

export const DELAY_REASONS = [
  '项目资金未及时到位,招标采购延后',
  '跨部门数据共享协调未完成,接口对接受阻',
  '承建单位人员调整,系统开发进度滞后',
  '上级统建平台接口尚未开放,联调无法开展',
  '需求变更较大,方案需重新论证',
] as const

export const SUSPEND_REASONS = [
  '上级部署调整,待新方案明确后再推进',
  '与省级统建项目内容重复,按要求暂缓建设',
  '试点范围调整,待评估结果确定后推进',
] as const

export interface TaskCourse {
  fate: TaskFate
  /** Work visibly starts: before it the task reports 未启动. */
  startOn: IsoDate
  /** The day it is done (and the lead will claim it); null when it is not done within the demo. */
  completeOn: IsoDate | null
  /** From this day it reports 滞后 (late, stuck) or 暂缓 (suspended) until done; null when never. */
  troubleFrom: IsoDate | null
  /** Why, for 滞后 and 暂缓. */
  reason: string | null
}

export interface CourseTask {
  id: number
  /** The date it is judged by (its own, else the end of its plan). */
  effectiveDueDate: IsoDate
}

/** The later of a day after `first` and `d`: trouble only comes once work has started. */
const after = (first: IsoDate, d: IsoDate): IsoDate => (d > first ? d : addDays(first, 1))
const pick = <T>(list: readonly T[], u: number): T => list[Math.min(list.length - 1, Math.floor(u * list.length))]!

/** When a plan's work runs: from 1 January of its first year; it is issued (and reporting starts) on issuedOn. */
export interface CoursePlan {
  start: IsoDate
  issuedOn: IsoDate
}

/**
 * The task's course, fixed by the seed and the task alone. The span from the plan's start to the due
 * date scales every offset; work visibly starts in the first fifth of the time left after the plan is
 * issued (or of the whole span, when the plan was issued on or after the date).
 */
export function taskCourse(seed: number, task: CourseTask, plan: CoursePlan): TaskCourse {
  const due = task.effectiveDueDate
  const from = plan.start
  const span = Math.max(30, daysBetween(from, due))
  const u = (what: string) => unitHash(seed, 'task', what, task.id)
  const fate = FATES.find(([upTo]) => u('fate') < upTo)?.[1] ?? 'on-time'
  const kickoff = plan.issuedOn < due ? plan.issuedOn : from
  const startOn = addDays(kickoff, Math.round(between(u('start'), 0, 0.2) * Math.max(0, daysBetween(kickoff, due))))
  const at = (share: number) => addDays(from, Math.round(share * span))
  switch (fate) {
    case 'on-time': {
      // Done 3 days to four months early, never before work has had a tenth of its time.
      const early = Math.round(between(u('early'), 3, Math.max(4, Math.min(120, 0.3 * span))))
      const done = addDays(due, -early)
      const earliest = addDays(startOn, Math.round(0.1 * Math.max(30, daysBetween(startOn, due))))
      const completeOn = done >= earliest ? done : earliest < due ? earliest : due
      return { fate, startOn, completeOn, troubleFrom: null, reason: null }
    }
    case 'late': {
      // Slips in the last weeks before its date and is done two weeks to four months after it.
      const slip = Math.round(between(u('slip'), 14, Math.max(15, Math.min(60, 0.25 * span))))
      return {
        fate,
        startOn,
        completeOn: addDays(due, Math.round(between(u('late'), 14, 120))),
        troubleFrom: addDays(due, -slip),
        reason: pick(DELAY_REASONS, u('reason')),
      }
    }
    case 'stuck':
      return {
        fate,
        startOn,
        completeOn: null,
        troubleFrom: after(startOn, at(between(u('stuck'), 0.5, 0.85))),
        reason: pick(DELAY_REASONS, u('reason')),
      }
    case 'suspended':
      return {
        fate,
        startOn,
        completeOn: null,
        troubleFrom: after(startOn, at(between(u('hold'), 0.4, 0.85))),
        reason: pick(SUSPEND_REASONS, u('reason')),
      }
  }
}

/** The stage and percent a course shows on a date (the end of the period reported on). */
export function courseStage(course: TaskCourse, on: IsoDate): { stage: TaskStage; percent: number } {
  if (course.completeOn !== null && course.completeOn <= on) return { stage: 'completed', percent: 100 }
  if (on < course.startOn) return { stage: 'not-started', percent: 0 }
  const troubled = course.troubleFrom !== null && on >= course.troubleFrom
  // Progress runs from the start to the completion (or, for work never done, to when trouble began).
  const end = course.completeOn ?? course.troubleFrom ?? addDays(course.startOn, 365)
  const frozenAt = troubled && course.completeOn === null ? course.troubleFrom! : on
  const share = daysBetween(course.startOn, frozenAt) / Math.max(1, daysBetween(course.startOn, end))
  const percent = Math.max(5, Math.min(95, Math.round(100 * share * (course.completeOn === null ? 0.8 : 1))))
  if (troubled) return { stage: course.fate === 'suspended' ? 'suspended' : 'delayed', percent }
  return { stage: 'in-progress', percent }
}

/** The day the lead department claims completion (销号申请): within a week of being done. */
export const claimDate = (seed: number, taskId: number, completeOn: IsoDate): IsoDate =>
  addDays(completeOn, Math.floor(between(unitHash(seed, 'task', 'claim', taskId), 0, 7)))
