import type { Cadence } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type IsoDate, type Period, periodsBetween, shanghaiDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'

/**
 * What decides which progress reports a task's (or milestone's) lead department owes: the periods of
 * the task's cadence (its own, else its plan's) from the day reporting starts until the task is
 * verified complete. Tasks are judged by the same due rules as indicators (reportDueDate,
 * unreportedState); they never lock.
 */
export interface TaskOwing {
  taskId: number
  /** The plan's jurisdiction: where the task's discipline is tracked. */
  jurisdictionCode: string
  cadence: Cadence
  startYear: number
  endYear: number
  /** The plan's issue date: nothing can be owed before the plan exists. */
  issuedOn: IsoDate
  /** When the task was added (database clock); counts only when it falls inside the horizon (see owedFrom). */
  createdOn: IsoDate
  /** The verified completion (销号) date, null while open. */
  completedOn: IsoDate | null
  /** The latest reopening of an approved completion: reporting is owed again from then. */
  reopenedOn: IsoDate | null
  /** The lead department answerable (the lowest id when several lead); null when the task names none. */
  leadDepartmentId: number | null
}

const max = (...ds: IsoDate[]): IsoDate => ds.reduce((a, b) => (a > b ? a : b))

/**
 * The first day whose period is owed at asOf: the later of the plan's first day and its issue date, of
 * the task's creation when that lies within the horizon and not after asOf (a task added to a running
 * plan owes nothing from before it existed; one seeded after the fact, as the demo's, owes from the plan's
 * start), and of its latest reopening.
 */
export function owedFrom(t: TaskOwing, asOf: IsoDate): IsoDate {
  const horizonStart = `${String(t.startYear).padStart(4, '0')}-01-01`
  const horizonEnd = `${String(t.endYear).padStart(4, '0')}-12-31`
  const created = t.createdOn >= horizonStart && t.createdOn <= horizonEnd && t.createdOn <= asOf ? [t.createdOn] : []
  return max(horizonStart, t.issuedOn, ...created, ...(t.reopenedOn ? [t.reopenedOn] : []))
}

/**
 * Whether a period is owed at asOf: it has begun, lies at or after owedFrom's period, and ended before the
 * verified completion date (the claim itself reports the period it completes in). A completion dated
 * after asOf was not yet known then. An unfinished task keeps owing after its plan's horizon: that is
 * when 督办 needs its progress most.
 */
export function isOwed(t: TaskOwing, period: Period, asOf: IsoDate): boolean {
  if (period.cadence !== t.cadence || period.start > asOf) return false
  if (period.end < owedFrom(t, asOf)) return false
  return t.completedOn === null || t.completedOn > asOf || period.end < t.completedOn
}

/** Every period owed at asOf starting on or after `from`, oldest first. */
export function owedPeriods(t: TaskOwing, asOf: IsoDate, from?: IsoDate): Period[] {
  const start = owedFrom(t, asOf)
  const lo = from !== undefined && from > start ? from : start
  return periodsBetween(t.cadence, lo, asOf).filter(
    (p) => (from === undefined || p.start >= from) && isOwed(t, p, asOf),
  )
}

/** The owing facts of tasks, in id order: one query whatever the number (a page of the cycle, or one report). */
export function taskOwingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select((eb) => [
      't.id',
      'p.jurisdiction_code',
      'p.start_year',
      'p.end_year',
      'p.issued_on',
      't.created_at',
      't.completed_on',
      eb.fn.coalesce('t.report_cadence', 'p.task_report_cadence').as('cadence'),
      sql<
        number | null
      >`(select min(l.department_id) from task_departments l where l.task_id = t.id and l.role = 'lead')`.as(
        'lead_department_id',
      ),
      sql<Date | null>`(select max(c.reopened_at) from task_completions c where c.task_id = t.id and c.state = 'reopened')`.as(
        'reopened_at',
      ),
    ])
    .orderBy('t.id')
}

export type TaskOwingRow = Awaited<ReturnType<ReturnType<typeof taskOwingQuery>['execute']>>[number]

export const toTaskOwing = (r: TaskOwingRow): TaskOwing => ({
  taskId: r.id,
  jurisdictionCode: r.jurisdiction_code,
  cadence: r.cadence as Cadence,
  startYear: r.start_year,
  endYear: r.end_year,
  issuedOn: r.issued_on,
  createdOn: shanghaiDate(r.created_at),
  completedOn: r.completed_on,
  reopenedOn: r.reopened_at ? shanghaiDate(new Date(r.reopened_at)) : null,
  leadDepartmentId: r.lead_department_id ?? null,
})
