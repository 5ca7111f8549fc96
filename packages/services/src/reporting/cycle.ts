import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { countsSql } from '../kernel/counts.js'
import { isLocked, trackedPeriods, unreportedState } from './due.js'
import { leadDepartment } from './rules.js'
import { runTaskReportingCycle, type TaskCycleResult } from './task-cycle.js'

export interface ReportingCycleResult {
  asOf: string
  indicators: number
  /** Indicators' periods tracked within the plan horizons up to the running one (tasks: see `tasks.periods`). */
  periods: number
  /** Rows inserted or whose due date, department, state or lock changed. */
  changed: number
  /** Reports found in observations that the ingest hook had not stamped (older data, other writers). */
  adopted: number
  reminders: number
  /** The tasks' and milestones' part (included in changed, adopted and reminders above). */
  tasks: TaskCycleResult
}

const CHUNK = 1000
/** Indicators whose periods are built in memory at once (~60 periods each over a five-year plan). */
const INDICATOR_PAGE = 500
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

// A reported row's state follows from its first report and due date alone; kept in one place for both statements.
const reportedStateSql = (reportedAt: string, dueDate: string) =>
  sql.raw(
    `case when (${reportedAt} at time zone 'Asia/Shanghai')::date <= ${dueDate} then 'reported-on-time' else 'reported-late' end`,
  )

/** What the cycle reads of each indicator to build its periods: cadence, grace and lock days, plan horizon, lead. */
export const cycleIndicators = (db: Kysely<Database>) =>
  db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select((eb) => [
      'i.id',
      'i.jurisdiction_code',
      'i.cadence',
      'i.report_grace_days',
      'i.lock_after_days',
      'p.start_year',
      'p.end_year',
      leadDepartment(eb.ref('i.id')).as('lead_department_id'),
    ])

/**
 * The reporting cycle (hourly, and every few seconds under a fast demo clock): creates the periods each
 * lead department owes, moves unreported ones along open → due-soon → overdue → missing as the calendar
 * passes, records locks, and files one reminder per period and kind. Idempotent: a rerun at the same
 * instant changes nothing and files no reminder twice. Each statement commits on its own and sorts rows
 * like the ingest hook, so the cycle never holds locks an ingest is waiting for for long.
 */
export async function runReportingCycle(db: Kysely<Database>, opts: { now: Date }): Promise<ReportingCycleResult> {
  const asOf = shanghaiDate(opts.now)
  // A page of indicators at a time: the country's 150,000 indicators own ~8 M periods, which built at once in
  // JavaScript took 3 GB and starved the event loop (jobs lost their locks). Pages go in id order, so rows still
  // reach the table in the ingest hook's key order.
  const newState = reportedStateSql('rp.first_reported_at', 'excluded.due_date')
  let indicatorCount = 0
  let periods = 0
  let changed = 0
  for (let after = 0; ; ) {
    const indicators = await cycleIndicators(db)
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(INDICATOR_PAGE)
      .execute()
    if (indicators.length === 0) break
    after = indicators.at(-1)!.id
    indicatorCount += indicators.length
    const rows = []
    for (const ind of indicators) {
      for (const t of trackedPeriods(
        ind.cadence,
        { startYear: ind.start_year, endYear: ind.end_year },
        asOf,
        ind.report_grace_days,
      )) {
        rows.push({
          indicatorId: ind.id,
          jurisdictionCode: ind.jurisdiction_code,
          periodKey: t.period.key,
          periodEnd: t.period.end,
          dueDate: t.dueDate,
          departmentId: ind.lead_department_id ?? null,
          state: unreportedState(asOf, t.dueDate, t.nextDueDate),
          locked: isLocked(t.dueDate, ind.lock_after_days, asOf),
        })
      }
    }
    rows.sort(
      (a, b) =>
        a.indicatorId - b.indicatorId || cmp(a.jurisdictionCode, b.jurisdictionCode) || cmp(a.periodKey, b.periodKey),
    )
    periods += rows.length
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK)
      const col = <T>(pick: (r: (typeof chunk)[number]) => T) => chunk.map(pick)
      // Unreported rows take the state computed here; reported ones are re-judged in SQL from their own
      // first_reported_at, so an ingest committing meanwhile is never overwritten with a stale state.
      const res = await sql`
        insert into reporting_periods as rp (indicator_id, jurisdiction_code, period_key, period_end, due_date, department_id, state, locked_at)
        select * from unnest(
          ${col((r) => r.indicatorId)}::int[], ${col((r) => r.jurisdictionCode)}::text[], ${col((r) => r.periodKey)}::text[], ${col((r) => r.periodEnd)}::date[],
          ${col((r) => r.dueDate)}::date[], ${col((r) => r.departmentId)}::int[], ${col((r) => r.state)}::text[], ${col((r) => (r.locked ? opts.now : null))}::timestamptz[]
        ) as v(i, j, k, e, d, dep, s, l)
        on conflict (indicator_id, jurisdiction_code, period_key) do update
          set period_end = excluded.period_end,
              due_date = excluded.due_date,
              department_id = excluded.department_id,
              state = case when rp.first_reported_at is null then excluded.state else ${newState} end,
              locked_at = case when excluded.locked_at is null then null else coalesce(rp.locked_at, excluded.locked_at) end
          where rp.period_end is distinct from excluded.period_end
             or rp.due_date is distinct from excluded.due_date
             or rp.department_id is distinct from excluded.department_id
             or rp.state is distinct from (case when rp.first_reported_at is null then excluded.state else ${newState} end)
             or (rp.locked_at is null) <> (excluded.locked_at is null)
        returning 1`.execute(db)
      changed += res.rows.length
    }
  }

  // Values that reached observations without the hook (before this feature, rollups excluded) still count
  // as reported, at the time they were first reported; a value waiting for review, or returned, is not a
  // report yet (approval stamps it). Rows an ingest holds right now are skipped: its
  // hook is stamping them, and waiting for them could deadlock with its other rows.
  const adopted = await sql`
    update reporting_periods rp
       set first_reported_at = o.first_at,
           state = ${reportedStateSql('o.first_at', 'rp.due_date')}
      from (select u.indicator_id, u.jurisdiction_code, u.period_key,
                   (select min(ob.reported_at) from observations ob
                     where ob.indicator_id = u.indicator_id and ob.jurisdiction_code = u.jurisdiction_code
                       and ob.period_key = u.period_key and ob.source <> 'rollup' and ${countsSql('ob')}) as first_at
              from reporting_periods u
             where u.first_reported_at is null and u.indicator_id is not null
               and exists (select 1 from observations ob
                            where ob.indicator_id = u.indicator_id and ob.jurisdiction_code = u.jurisdiction_code
                              and ob.period_key = u.period_key and ob.source <> 'rollup' and ${countsSql('ob')})
             order by u.indicator_id, u.jurisdiction_code, u.period_key
               for update of u skip locked) o
     where rp.first_reported_at is null
       and o.indicator_id = rp.indicator_id and o.jurisdiction_code = rp.jurisdiction_code and o.period_key = rp.period_key
    returning 1`.execute(db)

  // One reminder per period and kind, ever: the unique constraint makes reruns no-ops.
  const reminders = await sql<{ n: number }>`
    with filed as (
      insert into reporting_reminders (department_id, indicator_id, jurisdiction_code, period_key, kind, due_date, created_at)
      select department_id, indicator_id, jurisdiction_code, period_key, state, due_date, ${opts.now}::timestamptz
        from reporting_periods
       where state in ('due-soon', 'overdue') and department_id is not null and indicator_id is not null
      on conflict (indicator_id, jurisdiction_code, period_key, kind) where kind <> 'manual' do nothing
      returning indicator_id, jurisdiction_code, period_key
    ), held as (
      -- In key order and skipping rows an ingest holds (it is reporting them), as the statements above.
      select r.indicator_id, r.jurisdiction_code, r.period_key
        from reporting_periods r
        join filed f on r.indicator_id = f.indicator_id and r.jurisdiction_code = f.jurisdiction_code and r.period_key = f.period_key
       order by r.indicator_id, r.jurisdiction_code, r.period_key
         for update of r skip locked
    ), stamped as (
      update reporting_periods rp set reminded_at = ${opts.now}::timestamptz
        from held h
       where rp.indicator_id = h.indicator_id and rp.jurisdiction_code = h.jurisdiction_code and rp.period_key = h.period_key
    )
    select count(*)::int as n from filed`.execute(db)

  // Tasks and milestones: the same states and reminders, set-based per page of tasks (see task-cycle.ts).
  const tasks = await runTaskReportingCycle(db, opts)

  return {
    asOf,
    indicators: indicatorCount,
    periods,
    changed: changed + tasks.changed,
    adopted: adopted.rows.length + tasks.adopted,
    reminders: (reminders.rows[0]?.n ?? 0) + tasks.reminders,
    tasks,
  }
}
