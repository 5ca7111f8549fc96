import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import {
  cycleIndicators,
  isLocked,
  reportedState,
  runTaskReportingCycle,
  trackedPeriods,
  unreportedState,
} from '@cockpit/services/reporting'
import { type Kysely, sql } from 'kysely'
import type pg from 'pg'
import { copyRows } from './copy-rows.js'
import type { Series } from './load-plans.js'
import { LOADED_MONTHS, reportedAt } from './months.js'
import { reportDelayDays } from './series-values.js'

/**
 * reporting_periods as the reporting cycle would leave them at `now`, built with the cycle's own functions
 * (trackedPeriods, unreportedState, reportedState, isLocked) and its lead-department rule, for every indicator
 * (the seeds' too), with each loaded month's first report as the ingest hook stamps it. The cycle itself
 * builds every row in memory (9 million at full scale, 3 GB), so the rows are streamed by COPY instead.
 */
export async function loadReportingPeriods(
  db: Kysely<Database>,
  client: pg.PoolClient,
  series: Series[],
  now: Date,
): Promise<number> {
  const asOf = shanghaiDate(now)
  const indicators = await cycleIndicators(db).orderBy('i.id').execute()
  const seriesOf = new Map(series.map((s) => [s.indicatorId, s]))
  const loaded = new Map(LOADED_MONTHS.map((m) => [m.key, m]))
  return copyRows(
    client,
    'reporting_periods',
    [
      'indicator_id',
      'jurisdiction_code',
      'period_key',
      'period_end',
      'due_date',
      'department_id',
      'first_reported_at',
      'state',
      'locked_at',
    ],
    (function* () {
      for (const ind of indicators) {
        const s = seriesOf.get(ind.id)
        for (const t of trackedPeriods(
          ind.cadence,
          { startYear: ind.start_year, endYear: ind.end_year },
          asOf,
          ind.report_grace_days,
        )) {
          const m = s ? loaded.get(t.period.key) : undefined
          const first = s && m ? reportedAt(m.end, reportDelayDays(s.seed, m.year, m.month)) : null
          const state = first
            ? reportedState(shanghaiDate(first), t.dueDate)
            : unreportedState(asOf, t.dueDate, t.nextDueDate)
          yield [
            ind.id,
            ind.jurisdiction_code,
            t.period.key,
            t.period.end,
            t.dueDate,
            ind.lead_department_id ?? null,
            first,
            state,
            isLocked(t.dueDate, ind.lock_after_days, asOf) ? now : null,
          ]
        }
      }
    })(),
  )
}

/**
 * What the rest of a reporting cycle at `now` does: the reminders it files for due-soon and overdue periods (the
 * cycle's own statement, in SQL already) and the tasks' half (the product's function: it pages through tasks).
 */
export async function finishReportingCycle(db: Kysely<Database>, now: Date): Promise<{ reminders: number }> {
  const filed = await sql<{ n: number }>`
    with filed as (
      insert into reporting_reminders (department_id, indicator_id, jurisdiction_code, period_key, kind, due_date, created_at)
      select department_id, indicator_id, jurisdiction_code, period_key, state, due_date, ${now}::timestamptz
        from reporting_periods
       where state in ('due-soon', 'overdue') and department_id is not null and indicator_id is not null
      on conflict (indicator_id, jurisdiction_code, period_key, kind) where kind <> 'manual' do nothing
      returning indicator_id, jurisdiction_code, period_key
    ), stamped as (
      update reporting_periods rp set reminded_at = ${now}::timestamptz
        from filed f
       where rp.indicator_id = f.indicator_id and rp.jurisdiction_code = f.jurisdiction_code and rp.period_key = f.period_key
    )
    select count(*)::int as n from filed`.execute(db)
  await runTaskReportingCycle(db, { now })
  return { reminders: filed.rows[0]?.n ?? 0 }
}
