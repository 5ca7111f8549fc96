import type { Plan, PlanDetail } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { assertFilterInScope, inScope, readScope } from '../../kernel/scope.js'
import type { ServiceContext } from '../../kernel/context.js'
import { notFound } from '../../kernel/errors.js'
import { anyText } from '../../kernel/any-of.js'

function planQuery(db: Kysely<Database>) {
  return db
    .selectFrom('plans as p')
    .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
    .selectAll('p')
    .select((eb) => [
      'j.name as jurisdiction_name',
      eb
        .selectFrom('indicators')
        .whereRef('indicators.plan_id', '=', 'p.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('indicator_count'),
      eb
        .selectFrom('tasks')
        .whereRef('tasks.plan_id', '=', 'p.id')
        .where('tasks.kind', '=', 'task')
        .select(eb.fn.countAll<number>().as('n'))
        .as('task_count'),
      eb
        .selectFrom('tasks')
        .whereRef('tasks.plan_id', '=', 'p.id')
        .where('tasks.kind', '=', 'milestone')
        .select(eb.fn.countAll<number>().as('n'))
        .as('milestone_count'),
    ])
}

type PlanQueryRow = Awaited<ReturnType<ReturnType<typeof planQuery>['executeTakeFirstOrThrow']>>

const toPlan = (r: PlanQueryRow): Plan => ({
  id: r.id,
  key: r.key,
  jurisdictionCode: r.jurisdiction_code,
  jurisdictionName: r.jurisdiction_name,
  title: r.title,
  docNumber: r.doc_number,
  issuer: r.issuer,
  issuedOn: r.issued_on,
  startYear: r.start_year,
  endYear: r.end_year,
  visionYear: r.vision_year,
  taskReportCadence: r.task_report_cadence,
  sourceFile: r.source_file,
  citation: { section: r.cite_section, quote: r.cite_quote },
  indicatorCount: Number(r.indicator_count ?? 0),
  taskCount: Number(r.task_count ?? 0),
  milestoneCount: Number(r.milestone_count ?? 0),
})

export async function listPlans(ctx: ServiceContext, filter: { jurisdiction?: string | undefined }): Promise<Plan[]> {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  assertFilterInScope(scope, filter.jurisdiction)
  let q = planQuery(db)
  if (scope !== null) q = q.where('p.jurisdiction_code', '=', anyText(scope))
  if (filter.jurisdiction) q = q.where('p.jurisdiction_code', '=', filter.jurisdiction)
  return (await q.orderBy('p.jurisdiction_code').orderBy('p.key').execute()).map(toPlan)
}

export async function getPlan(ctx: ServiceContext, key: string): Promise<PlanDetail> {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  const row = await planQuery(db).where('p.key', '=', key).executeTakeFirst()
  if (!row || !inScope(scope, row.jurisdiction_code)) throw notFound(`规划 ${key} `)
  const pillars = await db
    .selectFrom('pillars as x')
    .where('x.plan_id', '=', row.id)
    .select((eb) => [
      'x.id',
      'x.key',
      'x.name',
      eb
        .selectFrom('indicators')
        .whereRef('indicators.pillar_id', '=', 'x.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('indicator_count'),
      eb
        .selectFrom('tasks')
        .whereRef('tasks.pillar_id', '=', 'x.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('task_count'),
    ])
    .orderBy('x.position')
    .execute()
  return {
    ...toPlan(row),
    pillars: pillars.map((p) => ({
      id: p.id,
      key: p.key,
      name: p.name,
      indicatorCount: Number(p.indicator_count ?? 0),
      taskCount: Number(p.task_count ?? 0),
    })),
  }
}
