import type { Database } from '@cockpit/db'
import { type IsoDate, nextPeriod, parsePeriod, type Period, previousPeriod, shanghaiDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { reportDueDate, unreportedState } from './due.js'
import { owedPeriods, type TaskOwing, taskOwingQuery, toTaskOwing } from './task-owing.js'

export interface TaskCycleResult {
  tasks: number
  /** Task periods looked at this run (each task's window, not its whole history). */
  periods: number
  /** Rows inserted or whose due date, department or state changed. */
  changed: number
  /** Rows no longer owed: after a verified completion, or not yet due under a cadence the task left. */
  removed: number
  /** First reports found in task_progress that the progress hook had not stamped. */
  adopted: number
  reminders: number
}

/** Tasks per page: memory stays flat however many tasks there are. */
const PAGE = 2000
/**
 * How many periods before a task's newest one are re-judged each run. A period's state last changes when
 * the next period's due date passes (overdue → missing), so two would do; one more absorbs a late run.
 */
const LOOKBACK_PERIODS = 3

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const reportedStateSql = (reportedAt: string, dueDate: string) =>
  sql.raw(
    `case when (${reportedAt} at time zone 'Asia/Shanghai')::date <= ${dueDate} then 'reported-on-time' else 'reported-late' end`,
  )

/**
 * The task half of the reporting cycle: per page of tasks, creates the progress-report periods each lead
 * department owes, moves unreported ones open → due-soon → overdue → missing, drops periods no longer
 * owed, adopts first reports from task_progress and files one reminder per period and kind — the same
 * states, reminders and on-time rule as indicators, in the same tables.
 *
 * Its cost is bounded by the number of tasks, not by their history: each task is looked at from a
 * window of LOOKBACK_PERIODS before its newest period (found by index), because older periods are
 * settled — reported, or missing for good. A task seen for the first time gets its whole history once.
 * Nothing is built in memory beyond one page.
 *
 * When an administrator changes a task's cadence, the new one applies from its first period that does
 * not overlap a period already owed; the old cadence's periods not yet due are dropped, and those
 * already due (reported or not) stay on the record.
 */
export async function runTaskReportingCycle(db: Kysely<Database>, opts: { now: Date }): Promise<TaskCycleResult> {
  const asOf = shanghaiDate(opts.now)
  const result: TaskCycleResult = { tasks: 0, periods: 0, changed: 0, removed: 0, adopted: 0, reminders: 0 }
  for (let after = 0; ; ) {
    const page = await taskOwingQuery(db)
      .select(
        sql<
          string | null
        >`(select rp.period_key from reporting_periods rp where rp.task_id = t.id order by rp.period_end desc, rp.period_key desc limit 1)`.as(
          'last_key',
        ),
      )
      .where('t.id', '>', after)
      .limit(PAGE)
      .execute()
    if (page.length === 0) break
    after = page.at(-1)!.id
    result.tasks += page.length
    await cyclePage(
      db,
      page.map((r) => ({ owing: toTaskOwing(r), last: r.last_key ? parsePeriod(r.last_key) : null })),
      asOf,
      opts.now,
      result,
    )
  }
  return result
}

interface PageTask {
  owing: TaskOwing
  /** The task's newest stored period, in whatever cadence it was owed. */
  last: Period | null
}

interface Row {
  taskId: number
  jurisdictionCode: string
  periodKey: string
  periodEnd: string
  dueDate: string
  departmentId: number | null
  state: 'open' | 'due-soon' | 'overdue' | 'missing'
}

/** The first day looked at for a task: LOOKBACK_PERIODS before its newest stored period (in that period's cadence). */
function windowStart(t: PageTask): IsoDate | undefined {
  if (t.last === null) return undefined
  let p = t.last
  for (let n = 0; n < LOOKBACK_PERIODS; n++) p = previousPeriod(p)
  return p.start
}

async function cyclePage(db: Kysely<Database>, page: PageTask[], asOf: IsoDate, now: Date, result: TaskCycleResult) {
  const starts = page.map(windowStart)
  const ids = page.map((t) => t.owing.taskId)
  // The stored rows inside each task's window (index range on task_id, period_end).
  const stored = await sql<{
    task_id: number
    period_key: string
    period_end: string
    due_date: string
    department_id: number | null
    first_reported_at: Date | null
  }>`
    select rp.task_id, rp.period_key, rp.period_end::text as period_end, rp.due_date::text as due_date, rp.department_id, rp.first_reported_at
      from unnest(${ids}::int[], ${starts.map((s) => s ?? '0001-01-01')}::date[]) as w(t, s)
      join reporting_periods rp on rp.task_id = w.t and rp.period_end >= w.s`.execute(db)
  const storedOf = new Map<number, typeof stored.rows>()
  for (const r of stored.rows) storedOf.set(r.task_id, [...(storedOf.get(r.task_id) ?? []), r])

  const rows: Row[] = []
  const drop: { taskId: number; periodKey: string }[] = []
  const row = (own: TaskOwing, period: Period, departmentId: number | null): Row => {
    const dueDate = reportDueDate(period)
    return {
      taskId: own.taskId,
      jurisdictionCode: own.jurisdictionCode,
      periodKey: period.key,
      periodEnd: period.end,
      dueDate,
      departmentId,
      state: unreportedState(asOf, dueDate, reportDueDate(nextPeriod(period))),
    }
  }
  for (const [n, t] of page.entries()) {
    const own = t.owing
    const kept: Period[] = []
    for (const r of storedOf.get(own.taskId) ?? []) {
      const p = parsePeriod(r.period_key)
      if (!p || p.cadence === own.cadence) continue
      // A period of a cadence the task left: dropped while not yet due and unreported, else kept on the
      // record and still judged (it turns missing like any other), for the department that owed it then.
      if (r.first_reported_at === null && r.due_date >= asOf) drop.push({ taskId: own.taskId, periodKey: r.period_key })
      else {
        kept.push(p)
        rows.push(row(own, p, r.department_id))
      }
    }
    for (const period of owedPeriods(own, asOf, starts[n])) {
      if (kept.some((k) => k.start <= period.end && k.end >= period.start)) continue
      rows.push(row(own, period, own.leadDepartmentId))
    }
  }
  rows.sort((a, b) => a.taskId - b.taskId || cmp(a.periodKey, b.periodKey))
  result.periods += rows.length

  // Periods no longer owed: from the verified completion on (whatever their age), and the left cadence's not yet due.
  const completed = page.filter((t) => t.owing.completedOn !== null && t.owing.completedOn <= asOf)
  if (completed.length) {
    const res = await sql`
      delete from reporting_periods rp
       using unnest(${completed.map((t) => t.owing.taskId)}::int[], ${completed.map((t) => t.owing.completedOn)}::date[]) as c(t, d)
       where rp.task_id = c.t and rp.period_end >= c.d
      returning 1`.execute(db)
    result.removed += res.rows.length
  }
  if (drop.length) {
    const res = await sql`
      delete from reporting_periods rp
       using unnest(${drop.map((d) => d.taskId)}::int[], ${drop.map((d) => d.periodKey)}::text[]) as x(t, k)
       where rp.task_id = x.t and rp.period_key = x.k and rp.first_reported_at is null
      returning 1`.execute(db)
    result.removed += res.rows.length
  }

  if (rows.length) {
    const col = <T>(pick: (r: Row) => T) => rows.map(pick)
    const newState = reportedStateSql('rp.first_reported_at', 'excluded.due_date')
    // As for indicators: unreported rows take the state computed here; reported ones are re-judged in SQL
    // from their own first report, so a progress report committing meanwhile is never overwritten.
    const res = await sql`
      insert into reporting_periods as rp (task_id, indicator_id, jurisdiction_code, period_key, period_end, due_date, department_id, state, locked_at)
      select v.t, null, v.j, v.k, v.e, v.d, v.dep, v.s, null
        from unnest(
          ${col((r) => r.taskId)}::int[], ${col((r) => r.jurisdictionCode)}::text[], ${col((r) => r.periodKey)}::text[], ${col((r) => r.periodEnd)}::date[],
          ${col((r) => r.dueDate)}::date[], ${col((r) => r.departmentId)}::int[], ${col((r) => r.state)}::text[]
        ) as v(t, j, k, e, d, dep, s)
      on conflict (task_id, period_key) where task_id is not null do update
        set period_end = excluded.period_end,
            due_date = excluded.due_date,
            department_id = excluded.department_id,
            jurisdiction_code = excluded.jurisdiction_code,
            state = case when rp.first_reported_at is null then excluded.state else ${newState} end
        where rp.period_end is distinct from excluded.period_end
           or rp.due_date is distinct from excluded.due_date
           or rp.department_id is distinct from excluded.department_id
           or rp.jurisdiction_code is distinct from excluded.jurisdiction_code
           or rp.state is distinct from (case when rp.first_reported_at is null then excluded.state else ${newState} end)
      returning 1`.execute(db)
    result.changed += res.rows.length
  }

  // First lead reports the progress hook did not stamp (reports written by other paths, or before the
  // period existed). Only periods still unreported are visited (a partial index holds exactly those).
  const adopted = await sql`
    update reporting_periods rp
       set first_reported_at = f.first_at,
           state = ${reportedStateSql('f.first_at', 'rp.due_date')}
      from (select u.task_id, u.period_key,
                   (select min(tp.reported_at) from task_progress tp
                     where tp.task_id = u.task_id and tp.period_end = u.period_end and tp.period_key = u.period_key and tp.role = 'lead') as first_at
              from reporting_periods u
             where u.task_id = any(${ids}::int[]) and u.first_reported_at is null
             order by u.task_id, u.period_key
               for update of u skip locked) f
     where f.first_at is not null and rp.task_id = f.task_id and rp.period_key = f.period_key and rp.first_reported_at is null
    returning 1`.execute(db)
  result.adopted += adopted.rows.length

  // One reminder per period and kind, ever (the partial unique index makes reruns no-ops). Only the
  // window can hold due-soon or overdue periods: older ones are settled.
  if (rows.length) {
    const filed = await sql<{ n: number }>`
      with filed as (
        insert into reporting_reminders (department_id, task_id, indicator_id, jurisdiction_code, period_key, kind, due_date, created_at)
        select rp.department_id, rp.task_id, null, rp.jurisdiction_code, rp.period_key, rp.state, rp.due_date, ${now}::timestamptz
          from unnest(${rows.map((r) => r.taskId)}::int[], ${rows.map((r) => r.periodKey)}::text[]) as v(t, k)
          join reporting_periods rp on rp.task_id = v.t and rp.period_key = v.k
         where rp.state in ('due-soon', 'overdue') and rp.department_id is not null
        on conflict (task_id, period_key, kind) where kind <> 'manual' and task_id is not null do nothing
        returning task_id, period_key
      ), stamped as (
        update reporting_periods rp set reminded_at = ${now}::timestamptz
          from filed f
         where rp.task_id = f.task_id and rp.period_key = f.period_key
      )
      select count(*)::int as n from filed`.execute(db)
    result.reminders += filed.rows[0]?.n ?? 0
  }
}
