import type { Department } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { assertFilterInScope, inScope, readScope } from '../../kernel/scope.js'
import type { ServiceContext } from '../../kernel/context.js'
import { notFound } from '../../kernel/errors.js'
import { anyText } from '../../kernel/any-of.js'

function departmentQuery(db: Kysely<Database>) {
  return db
    .selectFrom('departments as d')
    .innerJoin('jurisdictions as j', 'j.code', 'd.jurisdiction_code')
    .select((eb) => [
      'd.id',
      'd.key',
      'd.jurisdiction_code',
      'd.name',
      'd.full_name',
      'j.name as jurisdiction_name',
      eb
        .selectFrom('indicator_departments as l')
        .whereRef('l.department_id', '=', 'd.id')
        .where('l.role', '=', 'lead')
        .select(eb.fn.countAll<number>().as('n'))
        .as('lead_indicators'),
      eb
        .selectFrom('task_departments as l')
        .whereRef('l.department_id', '=', 'd.id')
        .where('l.role', '=', 'lead')
        .select(eb.fn.countAll<number>().as('n'))
        .as('lead_tasks'),
      eb
        .selectFrom('task_departments as l')
        .whereRef('l.department_id', '=', 'd.id')
        .where('l.role', '=', 'cooperating')
        .select(eb.fn.countAll<number>().as('n'))
        .as('coop_tasks'),
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof departmentQuery>['executeTakeFirstOrThrow']>>
const toDepartment = (r: Row): Department => ({
  id: r.id,
  key: r.key,
  jurisdictionCode: r.jurisdiction_code,
  jurisdictionName: r.jurisdiction_name,
  name: r.name,
  fullName: r.full_name,
  leadIndicatorCount: Number(r.lead_indicators ?? 0),
  leadTaskCount: Number(r.lead_tasks ?? 0),
  cooperatingTaskCount: Number(r.coop_tasks ?? 0),
})

export async function listDepartments(
  ctx: ServiceContext,
  filter: { jurisdiction?: string | undefined; q?: string | undefined },
): Promise<Department[]> {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  assertFilterInScope(scope, filter.jurisdiction)
  let q = departmentQuery(db)
  if (scope !== null) q = q.where('d.jurisdiction_code', '=', anyText(scope))
  if (filter.jurisdiction) q = q.where('d.jurisdiction_code', '=', filter.jurisdiction)
  if (filter.q) {
    // LIKE metacharacters in a search term are literal text, not patterns.
    const term = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('d.name', 'like', term), eb('d.full_name', 'like', term)]))
  }
  return (await q.orderBy('d.jurisdiction_code').orderBy('d.id').execute()).map(toDepartment)
}

export async function getDepartment(ctx: ServiceContext, id: number): Promise<Department> {
  const scope = readScope(ctx.principal)
  const { db } = ctx
  const row = await departmentQuery(db).where('d.id', '=', id).executeTakeFirst()
  if (!row || !inScope(scope, row.jurisdiction_code)) throw notFound(`部门 ${id} `)
  return toDepartment(row)
}
