import type { Database } from '@cockpit/db'
import { parsePeriod, shanghaiDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { reportDueDate, reportedState } from './due.js'
import { isOwed, taskOwingQuery, toTaskOwing } from './task-owing.js'
import type { ReportingRule } from './rules.js'

export interface ReportedItem {
  indicatorId: number
  jurisdictionCode: string
  periodKey: string
  periodEnd: string
  /** When this value counts as reported, if not at the submission's receipt (a history import's: its due date). */
  reportedAt?: Date
}

const CHUNK = 1000

/**
 * The ingest hook: stamps the first report of each period the batch wrote (only where none was
 * recorded yet) and marks it on time or late against the due date, by the submission's received_at.
 * A period the reporting cycle has not created yet is inserted. One statement per 1000 values.
 * Only the indicator's own jurisdiction is tracked: values a county adds below a city's indicator are
 * welcome, but the discipline being measured is the lead department's.
 */
export async function markReported(
  db: Kysely<Database>,
  items: ReportedItem[],
  rules: Map<number, ReportingRule>,
  receivedAt: Date,
): Promise<void> {
  const rows = []
  for (const it of items) {
    const rule = rules.get(it.indicatorId)
    const period = parsePeriod(it.periodKey)
    if (!rule || !period || it.jurisdictionCode !== rule.jurisdictionCode) continue
    const due = reportDueDate(period, rule.graceDays)
    const at = it.reportedAt ?? receivedAt
    rows.push({ ...it, due, at, department: rule.leadDepartmentId, state: reportedState(shanghaiDate(at), due) })
  }
  // The same order as the reporting cycle, so concurrent upserts take row locks in one order.
  rows.sort(
    (a, b) =>
      a.indicatorId - b.indicatorId || cmp(a.jurisdictionCode, b.jurisdictionCode) || cmp(a.periodKey, b.periodKey),
  )
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    // Column arrays through unnest: seven parameters per statement instead of seven per row, which
    // keeps parsing and binding off the ingest's critical path.
    await sql`
      insert into reporting_periods as rp (indicator_id, jurisdiction_code, period_key, period_end, due_date, department_id, first_reported_at, state)
      select v.i, v.j, v.k, v.e, v.d, v.dep, v.at, v.s
      from unnest(
        ${chunk.map((r) => r.indicatorId)}::int[], ${chunk.map((r) => r.jurisdictionCode)}::text[], ${chunk.map((r) => r.periodKey)}::text[],
        ${chunk.map((r) => r.periodEnd)}::date[], ${chunk.map((r) => r.due)}::date[], ${chunk.map((r) => r.department)}::int[], ${chunk.map((r) => r.state)}::text[],
        ${chunk.map((r) => r.at)}::timestamptz[]
      ) as v(i, j, k, e, d, dep, s, at)
      on conflict (indicator_id, jurisdiction_code, period_key) do update
        set first_reported_at = excluded.first_reported_at,
            state = case when (excluded.first_reported_at at time zone 'Asia/Shanghai')::date <= rp.due_date then 'reported-on-time' else 'reported-late' end
        where rp.first_reported_at is null`.execute(db)
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The progress hook, called in the transaction that stores a progress report: a lead department's report
 * stamps the first report of its period (on time or late against the due date, by the report's
 * product-clock time) where none was recorded yet; cooperating departments' parts are welcome but owe
 * nothing. A period the cycle has not created yet is inserted when it is owed. The cycle adopts any
 * report that did not pass through here, so a missed call delays the stamp, never loses it.
 */
export async function markTaskReported(
  db: Kysely<Database>,
  report: { taskId: number; periodKey: string; role: 'lead' | 'cooperating'; reportedAt: Date },
): Promise<void> {
  if (report.role !== 'lead') return
  const period = parsePeriod(report.periodKey)
  const row = period && (await taskOwingQuery(db).where('t.id', '=', report.taskId).executeTakeFirst())
  if (!period || !row) return
  const owing = toTaskOwing(row)
  const reportedOn = shanghaiDate(report.reportedAt)
  const due = reportDueDate(period)
  const state = reportedState(reportedOn, due)
  if (isOwed(owing, period, reportedOn))
    await sql`
      insert into reporting_periods as rp (task_id, indicator_id, jurisdiction_code, period_key, period_end, due_date, department_id, first_reported_at, state)
      values (${report.taskId}, null, ${owing.jurisdictionCode}, ${period.key}, ${period.end}::date, ${due}::date, ${owing.leadDepartmentId}, ${report.reportedAt}::timestamptz, ${state})
      on conflict (task_id, period_key) where task_id is not null do update
        set first_reported_at = excluded.first_reported_at,
            state = case when (excluded.first_reported_at at time zone 'Asia/Shanghai')::date <= rp.due_date then 'reported-on-time' else 'reported-late' end
        where rp.first_reported_at is null`.execute(db)
  else
    await sql`
      update reporting_periods rp
         set first_reported_at = ${report.reportedAt}::timestamptz,
             state = case when (${report.reportedAt}::timestamptz at time zone 'Asia/Shanghai')::date <= rp.due_date then 'reported-on-time' else 'reported-late' end
       where rp.task_id = ${report.taskId} and rp.period_key = ${period.key} and rp.first_reported_at is null`.execute(
      db,
    )
}
