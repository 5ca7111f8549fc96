import type { Cadence, TaskKind, TaskStage } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { effectiveDueDate, type IsoDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { anyInt } from '../kernel/any-of.js'

/** How many of a task's newest due periods are read: enough for any rule's "N periods in a row" (params allow 24). */
const NEWEST_PERIODS = 25

/** Everything the task alert rules look at for one task or milestone. */
export interface TaskFacts {
  task: {
    id: number
    kind: TaskKind
    number: string | null
    title: string
    planId: number
    planKey: string
    planTitle: string
    pillarId: number | null
    parentId: number | null
  }
  /** The plan's jurisdiction. */
  jurisdictionCode: string
  jurisdictionName: string
  /** Its own date, else the end of its plan's horizon. */
  dueDate: IsoDate
  completedOn: IsoDate | null
  /** A completion claim waits for verification (销号). */
  pendingClaim: boolean
  /** The stage of the report that speaks for it: its lead departments' newest, else any linked department's. */
  latestStage: TaskStage | null
  latestReason: string | null
  lastReportPeriodEnd: IsoDate | null
  /** The plan's issue date: no period before it could be reported. */
  reportingFrom: IsoDate
  cadence: Cadence
  lead: { id: number; name: string } | null
  /** The newest due periods (due date before asOf), newest first: key and whether the lead had reported by asOf. */
  duePeriods: { periodKey: string; reported: boolean }[]
}

/**
 * The facts for a set of tasks (or every one), in a handful of set-based queries, as of a date: reports
 * and first reports stamped after asOf's day were not known then.
 */
export async function loadTaskFacts(
  db: Kysely<Database>,
  taskIds: number[] | 'all',
  asOf: IsoDate,
): Promise<Map<number, TaskFacts>> {
  const out = new Map<number, TaskFacts>()
  let q = db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
    .select((eb) => [
      't.id',
      't.kind',
      't.number',
      't.title',
      't.plan_id',
      't.pillar_id',
      't.parent_id',
      't.due_date',
      't.completed_on',
      'p.key as plan_key',
      'p.title as plan_title',
      'p.end_year',
      'p.issued_on',
      'p.jurisdiction_code',
      'j.name as jurisdiction_name',
      eb.fn.coalesce('t.report_cadence', 'p.task_report_cadence').as('cadence'),
      sql<boolean>`exists (select 1 from task_completions c where c.task_id = t.id and c.state = 'pending')`.as(
        'pending_claim',
      ),
    ])
    .orderBy('t.id')
  if (taskIds !== 'all') {
    if (taskIds.length === 0) return out
    q = q.where('t.id', '=', anyInt([...new Set(taskIds)]))
  }
  const tasks = await q.execute()
  if (tasks.length === 0) return out
  const ids = tasks.map((t) => t.id)
  // The end of asOf's day in Beijing: what had happened by then.
  const endOfDay = sql`(${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'`
  const [latest, leads, periods] = await Promise.all([
    sql<{ task_id: number; stage: TaskStage; reason: string | null; period_end: string }>`
      select distinct on (tp.task_id) tp.task_id, tp.stage, tp.reason, tp.period_end::text as period_end
        from task_progress tp
       where tp.task_id = any(${ids}::int[]) and tp.reported_at < ${endOfDay}
       order by tp.task_id, (tp.role = 'lead') desc, tp.period_end desc, tp.id desc`.execute(db),
    db
      .selectFrom('task_departments as l')
      .innerJoin('departments as d', 'd.id', 'l.department_id')
      .select(['l.task_id', 'd.id', 'd.name'])
      .where('l.task_id', '=', anyInt(ids))
      .where('l.role', '=', 'lead')
      .orderBy('l.task_id')
      .orderBy('d.id')
      .execute(),
    sql<{ task_id: number; period_key: string; reported: boolean }>`
      select k.t as task_id, r.period_key, r.reported
        from unnest(${ids}::int[]) as k(t)
        cross join lateral (
          select rp.period_key, (rp.first_reported_at is not null and rp.first_reported_at < ${endOfDay}) as reported
            from reporting_periods rp
           where rp.task_id = k.t and rp.due_date < ${asOf}::date
           order by rp.period_end desc, rp.period_key desc
           limit ${NEWEST_PERIODS}
        ) r`.execute(db),
  ])
  const latestOf = new Map(latest.rows.map((r) => [r.task_id, r]))
  const leadOf = new Map<number, { id: number; name: string }>()
  for (const l of leads) if (!leadOf.has(l.task_id)) leadOf.set(l.task_id, { id: l.id, name: l.name })
  const periodsOf = new Map<number, { periodKey: string; reported: boolean }[]>()
  for (const r of periods.rows)
    periodsOf.set(r.task_id, [...(periodsOf.get(r.task_id) ?? []), { periodKey: r.period_key, reported: r.reported }])

  for (const t of tasks) {
    const report = latestOf.get(t.id)
    out.set(t.id, {
      task: {
        id: t.id,
        kind: t.kind,
        number: t.number,
        title: t.title,
        planId: t.plan_id,
        planKey: t.plan_key,
        planTitle: t.plan_title,
        pillarId: t.pillar_id,
        parentId: t.parent_id,
      },
      jurisdictionCode: t.jurisdiction_code,
      jurisdictionName: t.jurisdiction_name,
      dueDate: effectiveDueDate(t.due_date, t.end_year),
      completedOn: t.completed_on,
      pendingClaim: Boolean(t.pending_claim),
      latestStage: report?.stage ?? null,
      latestReason: report?.reason ?? null,
      lastReportPeriodEnd: report?.period_end ?? null,
      reportingFrom: t.issued_on,
      cadence: t.cadence as Cadence,
      lead: leadOf.get(t.id) ?? null,
      duePeriods: periodsOf.get(t.id) ?? [],
    })
  }
  return out
}

/** How many of the newest due periods in a row went unreported (0 when the newest was reported). */
export const consecutiveMissing = (duePeriods: TaskFacts['duePeriods']): number => {
  const n = duePeriods.findIndex((p) => p.reported)
  return n === -1 ? duePeriods.length : n
}
