import type { Database } from '@cockpit/db'
import type { Cadence } from '@cockpit/contracts'
import { addDays, type Period, periodOf, periodsBetween, previousPeriod } from '@cockpit/domain'
import { buildTemplate, type TemplateIndicator, type TemplateTask } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import type { Principal } from '../../kernel/principal.js'
import { notFound } from '../../kernel/errors.js'
import { targetLabel } from '../../kernel/labels.js'
import { cadenceOf, dueDateOf, taskQuery } from '../../tasks/read.js'
import { reportDueDate } from '../../reporting/due.js'

/**
 * The periods a template pre-fills: those ended in the year up to `asOf` inside the plan's horizon,
 * or, once the plan is over, its last period (late reports are still welcome).
 */
export function duePeriods(
  cadence: 'monthly' | 'quarterly' | 'yearly',
  horizon: { startYear: number; endYear: number },
  asOf: string,
): string[] {
  const horizonStart = `${horizon.startYear}-01-01`
  const horizonEnd = `${horizon.endYear}-12-31`
  const from = addDays(asOf, -365) > horizonStart ? addDays(asOf, -365) : horizonStart
  const to = asOf < horizonEnd ? asOf : horizonEnd
  const ended = from <= to ? periodsBetween(cadence, from, to).filter((p) => p.end <= asOf) : []
  if (ended.length) return ended.map((p) => p.key)
  const last = periodsBetween(cadence, horizonEnd, horizonEnd).at(-1)
  return last && last.end <= asOf ? [last.key] : []
}

/**
 * The period whose progress report is due now: the one just ended while its report is still within
 * the reporting cycle's grace days (March's until 10 April), else the running one.
 */
export function taskReportPeriod(cadence: Cadence, asOf: string): Period {
  const running = periodOf(cadence, asOf)
  const ended = previousPeriod(running)
  return reportDueDate(ended) >= asOf ? ended : running
}

/**
 * The tasks and milestones the department leads or cooperates on that owe a progress report now: not
 * verified complete, their plan issued by the end of the period; one row each, for `taskReportPeriod`.
 */
async function templateTasks(db: Kysely<Database>, departmentId: number, asOf: string): Promise<TemplateTask[]> {
  const rows = await taskQuery(db)
    .innerJoin('task_departments as l', 'l.task_id', 't.id')
    .select('l.role as link_role')
    .where('l.department_id', '=', departmentId)
    .where((eb) => eb.or([eb('t.completed_on', 'is', null), eb('t.completed_on', '>', asOf)]))
    .orderBy('p.jurisdiction_code')
    .orderBy('p.key')
    .orderBy('t.position')
    .execute()
  return rows.flatMap((r) => {
    const period = taskReportPeriod(cadenceOf(r), asOf)
    if (period.end < r.plan_issued_on || period.end < `${r.plan_start_year}-01-01`) return []
    return [
      {
        code: `${r.plan_key}/${r.key}`,
        kind: r.kind,
        number: r.number,
        title: r.title,
        dueDate: dueDateOf(r),
        role: r.link_role,
        periodKey: period.key,
      },
    ]
  })
}

/** The department's Excel template: its indicators (lead or co-owned) with the periods now due, and its tasks with a progress report due. */
export async function departmentTemplate(
  db: Kysely<Database>,
  principal: Principal,
  departmentId: number,
  asOf: string,
  now: Date,
) {
  // Another department's template is outside a reporter's scope: it answers as absent, like any such read.
  if (!(principal.role === 'admin' || principal.departmentId === departmentId))
    throw notFound(`部门 ${departmentId} 的填报模板`)
  const dept = await db
    .selectFrom('departments as d')
    .innerJoin('jurisdictions as j', 'j.code', 'd.jurisdiction_code')
    .select(['d.name', 'j.name as jname'])
    .where('d.id', '=', departmentId)
    .executeTakeFirst()
  if (!dept) throw notFound(`部门 ${departmentId} `)
  const rows = await db
    .selectFrom('indicator_departments as l')
    .innerJoin('indicators as i', 'i.id', 'l.indicator_id')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .innerJoin('jurisdictions as j', 'j.code', 'i.jurisdiction_code')
    .select([
      'i.id',
      'i.key',
      'p.key as plan_key',
      'i.name',
      'i.unit',
      'i.measure',
      'i.cadence',
      'i.jurisdiction_code',
      'j.name as jname',
      'p.start_year',
      'p.end_year',
    ])
    .where('l.department_id', '=', departmentId)
    .orderBy('p.key')
    .orderBy('i.position')
    .execute()
  const targets = rows.length
    ? await db
        .selectFrom('indicator_targets')
        .selectAll()
        .where(
          'indicator_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('due_date')
        .execute()
    : []
  // A derived roll-up (own_value 'derived') is reported by its direct children: one row each, never the parent's own.
  const derived = rows.length
    ? new Set(
        (
          await db
            .selectFrom('indicator_rollups')
            .select('indicator_id')
            .where(
              'indicator_id',
              'in',
              rows.map((r) => r.id),
            )
            .where('own_value', '=', 'derived')
            .execute()
        ).map((r) => r.indicator_id),
      )
    : new Set<number>()
  const parents = [...new Set(rows.filter((r) => derived.has(r.id)).map((r) => r.jurisdiction_code))]
  const children = parents.length
    ? await db
        .selectFrom('jurisdictions')
        .select(['code', 'name', 'parent_code'])
        .where('parent_code', 'in', parents)
        .where('retired_at', 'is', null)
        .orderBy('code')
        .execute()
    : []
  const placesOf = (r: (typeof rows)[number]) =>
    derived.has(r.id)
      ? children.filter((c) => c.parent_code === r.jurisdiction_code).map((c) => ({ code: c.code, name: c.name }))
      : [{ code: r.jurisdiction_code, name: r.jname }]
  const indicators: TemplateIndicator[] = rows
    .flatMap((r) => placesOf(r).map((place) => ({ r, place })))
    .map(({ r, place }) => {
      const final = targets.filter((t) => t.indicator_id === r.id).at(-1)
      return {
        key: `${r.plan_key}/${r.key}`,
        name: r.name,
        unit: r.unit,
        measure: r.measure,
        cadence: r.cadence,
        jurisdictionCode: place.code,
        jurisdictionName: place.name,
        duePeriods: duePeriods(r.cadence, { startYear: r.start_year, endYear: r.end_year }, asOf),
        target: final
          ? `${targetLabel({ comparator: final.comparator, value: final.value, valueMax: final.value_max }, r.unit)}(${final.year}年)`
          : '',
      }
    })
  const tasks = await templateTasks(db, departmentId, asOf)
  const bytes = await buildTemplate({
    departmentName: `${dept.jname}${dept.name}`,
    indicators,
    tasks,
    generatedAt: now.toISOString(),
  })
  return { bytes, fileName: `${dept.jname}${dept.name}-指标填报模板-${asOf}.xlsx` }
}
