import type { Task, TaskProgressBody } from '@cockpit/contracts'
import { addDays, periodOf, periodsBetween, yearEnd, type IsoDate, type Period } from '@cockpit/domain'
import { unitHash } from './random.js'
import { taskReportDelayDays, type Habit } from './schedule.js'
import { courseStage, taskCourse, type TaskCourse } from './task-course.js'
import { reportText } from './task-texts.js'

/** What the simulator needs of a task or milestone, as GET /api/v1/tasks lists it. */
export type SimTask = Pick<
  Task,
  | 'id'
  | 'kind'
  | 'planKey'
  | 'jurisdictionCode'
  | 'effectiveDueDate'
  | 'completedOn'
  | 'reportCadence'
  | 'departments'
  | 'pendingClaim'
>

/** What it needs of a plan: when work starts (1 January of its first year) and when reporting does (its issue date). */
export interface SimPlan {
  startYear: number
  endYear: number
  issuedOn: IsoDate
}

/** A cooperating department adds its own part to one period in five; a second lead to one in three. */
export const COOPERATING_SHARE = 0.2
export const OTHER_LEAD_SHARE = 1 / 3

export interface TaskReport {
  /** "<task>|<department>|<period>": settled once accepted. */
  key: string
  taskId: number
  departmentId: number
  /** The day the department sends it. */
  reportOn: IsoDate
  body: TaskProgressBody
}

export interface TaskReportInput {
  tasks: readonly SimTask[]
  plans: ReadonlyMap<string, SimPlan>
  /** Reporting habit of every department holding a token. */
  habits: ReadonlyMap<number, Habit>
  today: IsoDate
  seed: number
  /** Reports accepted (or given up on), by key. */
  settled: ReadonlySet<string>
  /** Verified completion dates the simulator learned of since the catalogue was read. */
  verified: ReadonlyMap<number, IsoDate>
  /** Leave out reports sent before this day: they are history, imported instead. */
  reportedFrom?: IsoDate
}

export const taskReportKey = (taskId: number, departmentId: number, periodKey: string) =>
  `${taskId}|${departmentId}|${periodKey}`
export const courseOf = (seed: number, task: SimTask, plan: SimPlan): TaskCourse =>
  taskCourse(seed, task, { start: `${plan.startYear}-01-01`, issuedOn: plan.issuedOn })

/**
 * The periods a task is reported for, up to today: from the one its plan was issued in (reporting
 * starts then) to the last one ended by today, ending with the period it was verified complete in,
 * or with the plan's last period when it was verified complete after the plan ended (the API takes no
 * report after the plan's horizon for a task already complete).
 */
export function reportedPeriods(task: SimTask, plan: SimPlan, today: IsoDate, completedOn: IsoDate | null): Period[] {
  const from = periodOf(task.reportCadence, plan.issuedOn).start
  const horizonEnd = yearEnd(plan.endYear)
  const done = completedOn === null ? null : completedOn > horizonEnd ? horizonEnd : completedOn
  const last = done !== null && done < today ? done : today
  if (last < from) return []
  return periodsBetween(task.reportCadence, from, last).filter((p) => p.end <= today)
}

/**
 * Who reports a task in a period and when: its first lead department holding a token always (unless
 * its habit skips the period), other leads and cooperating departments now and then, each on the day
 * its habit says (taskReportDelayDays).
 */
function reporters(
  task: SimTask,
  habits: ReadonlyMap<number, Habit>,
  seed: number,
  period: Period,
): { departmentId: number; role: 'lead' | 'cooperating'; reportOn: IsoDate }[] {
  const out = []
  const firstLead = task.departments.find((d) => d.role === 'lead' && habits.has(d.id))?.id
  for (const d of task.departments) {
    const habit = habits.get(d.id)
    if (habit === undefined) continue
    if (d.id !== firstLead) {
      const share = d.role === 'lead' ? OTHER_LEAD_SHARE : COOPERATING_SHARE
      if (unitHash(seed, 'part', task.id, d.id, period.key) >= share) continue
    }
    const delay = taskReportDelayDays(seed, d.id, habit, period.key)
    if (delay === null) continue
    out.push({ departmentId: d.id, role: d.role, reportOn: addDays(period.end, delay) })
  }
  return out
}

/**
 * Every progress report due by today and not yet settled, in a stable order (task, period,
 * department). Stage and text follow the task's course at the period's end.
 */
export function dueTaskReports({
  tasks,
  plans,
  habits,
  today,
  seed,
  settled,
  verified,
  reportedFrom,
}: TaskReportInput): TaskReport[] {
  const out: TaskReport[] = []
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    const plan = plans.get(task.planKey)
    if (plan === undefined) continue
    const course = courseOf(seed, task, plan)
    for (const period of reportedPeriods(task, plan, today, task.completedOn ?? verified.get(task.id) ?? null)) {
      const { stage, percent } = courseStage(course, period.end)
      for (const r of reporters(task, habits, seed, period)) {
        const key = taskReportKey(task.id, r.departmentId, period.key)
        if (settled.has(key) || r.reportOn > today || (reportedFrom !== undefined && r.reportOn < reportedFrom))
          continue
        const reason = stage === 'delayed' || stage === 'suspended' ? course.reason : null
        const text = reportText(seed, task.id, r.departmentId, period.key, { stage, percent, reason, role: r.role })
        out.push({
          key,
          taskId: task.id,
          departmentId: r.departmentId,
          reportOn: r.reportOn,
          body: { ...text, period: period.key },
        })
      }
    }
  }
  return out
}
