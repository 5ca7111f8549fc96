import type {
  AdminIndicatorCreate,
  AdminIndicatorUpdate,
  AdminTargetInput,
  AdminTargetUpdate,
  DepartmentRole,
  StatusChange,
} from '@cockpit/contracts'
import type { Database, IndicatorRow, IndicatorTargetRow } from '@cockpit/db'
import { definitionIssues, type DefinitionTarget, yearEnd } from '@cockpit/domain'
import type { Kysely, Transaction } from 'kysely'
import { audit } from '../../kernel/audit.js'
import type { Principal } from '../../kernel/principal.js'
import { notFound, ServiceError } from '../../kernel/errors.js'
import { descendantCodes } from '../../kernel/jurisdictions.js'
import { deriveIndicator } from '../../status/rollup/derive.js'
import { recomputeStatuses, type StatusKey } from '../../status/recompute.js'
import { assertAdmin, bodyField, conflictOnUnique, invalidBody } from '../../kernel/admin-guards.js'

export interface WriteContext {
  now: Date
  /** Today in Asia/Shanghai by the product clock: the date statuses are recomputed for. */
  asOf: string
  requestId?: string
}

/** What a definition write changed in stored statuses; the caller publishes them and queues alert evaluation after commit. */
export interface StatusWrite {
  id: number
  changes: StatusChange[]
}

type Trx = Transaction<Database>

const targetView = (
  t: Pick<
    IndicatorTargetRow,
    'id' | 'year' | 'due_date' | 'comparator' | 'value' | 'value_max' | 'cite_section' | 'cite_quote'
  >,
) => ({
  id: t.id,
  year: t.year,
  dueDate: t.due_date,
  comparator: t.comparator,
  value: t.value,
  valueMax: t.value_max,
  citation: t.cite_section && t.cite_quote ? { section: t.cite_section, quote: t.cite_quote } : null,
})

const indicatorView = (i: IndicatorRow) => ({
  id: i.id,
  planId: i.plan_id,
  key: i.key,
  jurisdictionCode: i.jurisdiction_code,
  pillarId: i.pillar_id,
  name: i.name,
  unit: i.unit,
  measure: i.measure,
  direction: i.direction,
  nature: i.nature,
  cadence: i.cadence,
  baseline:
    i.baseline_year !== null && i.baseline_value !== null ? { year: i.baseline_year, value: i.baseline_value } : null,
  citation: { section: i.cite_section, quote: i.cite_quote },
  note: i.note,
})

async function lockIndicator(trx: Trx, id: number) {
  const row = await trx.selectFrom('indicators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound(`指标 ${id} `)
  const plan = await trx
    .selectFrom('plans')
    .select(['id', 'start_year', 'end_year'])
    .where('id', '=', row.plan_id)
    .executeTakeFirstOrThrow()
  const targets = await trx
    .selectFrom('indicator_targets')
    .selectAll()
    .where('indicator_id', '=', id)
    .orderBy('due_date')
    .execute()
  return { row, plan, targets }
}

/** The indicator at its own jurisdiction and wherever values were reported for it: every stored status it has. */
async function statusKeys(trx: Trx, indicator: Pick<IndicatorRow, 'id' | 'jurisdiction_code'>): Promise<StatusKey[]> {
  const reported = await trx
    .selectFrom('observations')
    .select('jurisdiction_code')
    .distinct()
    .where('indicator_id', '=', indicator.id)
    .execute()
  return [
    { indicatorId: indicator.id, jurisdictionCode: indicator.jurisdiction_code },
    ...reported.map((r) => ({ indicatorId: indicator.id, jurisdictionCode: r.jurisdiction_code })),
  ]
}

/** After a target write: a 达标占比 roll-up counts children against the targets, so it is derived again first. */
async function afterTargetWrite(
  trx: Trx,
  indicator: Pick<IndicatorRow, 'id' | 'jurisdiction_code'>,
  ctx: WriteContext,
): Promise<StatusChange[]> {
  const rollup = await trx
    .selectFrom('indicator_rollups')
    .select('rule')
    .where('indicator_id', '=', indicator.id)
    .executeTakeFirst()
  if (rollup?.rule === 'share-meeting') await deriveIndicator(trx, indicator.id, ctx.now)
  return recomputeStatuses(trx, await statusKeys(trx, indicator), ctx.asOf, ctx.now)
}

const asDefinitionTarget = (
  t: Pick<IndicatorTargetRow, 'year' | 'comparator' | 'value' | 'value_max'>,
  at: string,
): DefinitionTarget => ({
  at,
  year: t.year,
  comparator: t.comparator,
  value: t.value,
  valueMax: t.value_max,
})

function targetRow(indicatorId: number, t: AdminTargetInput) {
  return {
    indicator_id: indicatorId,
    year: t.year,
    due_date: t.dueDate ?? yearEnd(t.year),
    comparator: t.comparator,
    value: t.value,
    value_max: t.valueMax,
    cite_section: t.citation?.section ?? null,
    cite_quote: t.citation?.quote ?? null,
  }
}

async function checkPillar(trx: Trx, pillarId: number | null, planId: number) {
  if (pillarId === null) return
  const pillar = await trx.selectFrom('pillars').select(['id', 'plan_id']).where('id', '=', pillarId).executeTakeFirst()
  if (!pillar) throw bodyField('pillarId', `板块 ${pillarId} 不存在`)
  if (pillar.plan_id !== planId) throw bodyField('pillarId', `板块 ${pillarId} 不属于该指标所在的规划`)
}

async function checkDepartments(trx: Trx, links: { departmentId: number }[], jurisdictionCode: string, path: string) {
  if (links.length === 0) return
  const allowed = new Set(await descendantCodes(trx, jurisdictionCode))
  const found = new Map(
    (
      await trx
        .selectFrom('departments')
        .select(['id', 'jurisdiction_code'])
        .where(
          'id',
          'in',
          links.map((l) => l.departmentId),
        )
        .execute()
    ).map((d) => [d.id, d]),
  )
  for (const [n, l] of links.entries()) {
    const d = found.get(l.departmentId)
    if (!d) throw bodyField(`${path}.${n}.departmentId`, `部门 ${l.departmentId} 不存在`)
    // A department answers for its own jurisdiction and below; another city's bureau cannot own this target.
    if (!allowed.has(d.jurisdiction_code))
      throw bodyField(
        `${path}.${n}.departmentId`,
        `部门 ${l.departmentId} 属于行政区划 ${d.jurisdiction_code},不在指标所在行政区划 ${jurisdictionCode} 及其下级之内`,
      )
  }
}

async function departmentsOf(trx: Trx, indicatorId: number) {
  return trx
    .selectFrom('indicator_departments')
    .select(['department_id as departmentId', 'role'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('department_id')
    .execute()
}

export async function createIndicator(
  db: Kysely<Database>,
  actor: Principal,
  input: AdminIndicatorCreate,
  ctx: WriteContext,
): Promise<StatusWrite> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('plans')
      .select(['id', 'jurisdiction_code', 'start_year', 'end_year'])
      .where('id', '=', input.planId)
      .executeTakeFirst()
    if (!plan) throw bodyField('planId', `规划 ${input.planId} 不存在`)
    const jurisdiction = input.jurisdictionCode ?? plan.jurisdiction_code
    if (
      !(await descendantCodes(trx, plan.jurisdiction_code)).includes(jurisdiction) ||
      !(await trx.selectFrom('jurisdictions').select('code').where('code', '=', jurisdiction).executeTakeFirst())
    )
      throw bodyField(
        'jurisdictionCode',
        `行政区划 ${jurisdiction} 不存在,或不在规划所属行政区划 ${plan.jurisdiction_code} 及其下级之内`,
      )
    const issues = definitionIssues({
      unit: input.unit,
      measure: input.measure,
      baseline: input.baseline,
      targets: input.targets.map((t, n) => ({
        at: `targets.${n}.`,
        year: t.year,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.valueMax,
      })),
      horizon: { startYear: plan.start_year, endYear: plan.end_year },
    })
    const dueDates = input.targets.map((t) => t.dueDate ?? yearEnd(t.year))
    const dup = dueDates.findIndex((d, n) => dueDates.indexOf(d) !== n)
    if (dup >= 0)
      issues.push({
        path: `targets.${dup}.dueDate`,
        message: `与另一个目标的截止日期 ${dueDates[dup]} 相同,同一指标每个截止日期只能有一个目标`,
      })
    if (issues.length) throw invalidBody(issues)
    await checkPillar(trx, input.pillarId, plan.id)
    await checkDepartments(trx, input.departments, jurisdiction, 'departments')
    if (
      await trx
        .selectFrom('indicators')
        .select('id')
        .where('plan_id', '=', plan.id)
        .where('key', '=', input.key)
        .executeTakeFirst()
    )
      throw new ServiceError('conflict', `请求体 key: 规划中已有标识为 ${input.key} 的指标`)
    const position = await trx
      .selectFrom('indicators')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirst()
    const created = await conflictOnUnique(
      () =>
        trx
          .insertInto('indicators')
          .values({
            plan_id: plan.id,
            key: input.key,
            jurisdiction_code: jurisdiction,
            pillar_id: input.pillarId,
            name: input.name,
            unit: input.unit,
            measure: input.measure,
            direction: input.direction,
            nature: input.nature,
            cadence: input.cadence,
            baseline_year: input.baseline?.year ?? null,
            baseline_value: input.baseline?.value ?? null,
            cite_section: input.citation.section,
            cite_quote: input.citation.quote,
            note: input.note,
            position: Number(position?.p ?? -1) + 1,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `请求体 key: 规划中已有标识为 ${input.key} 的指标`,
    )
    const targets = await trx
      .insertInto('indicator_targets')
      .values(input.targets.map((t) => targetRow(created.id, t)))
      .returningAll()
      .execute()
    if (input.departments.length)
      await trx
        .insertInto('indicator_departments')
        .values(
          input.departments.map((d) => ({ indicator_id: created.id, department_id: d.departmentId, role: d.role })),
        )
        .execute()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.create',
        entity: 'indicator',
        entityId: created.id,
        after: { ...indicatorView(created), targets: targets.map(targetView), departments: input.departments },
      },
      ctx.requestId,
    )
    const changes = await recomputeStatuses(trx, await statusKeys(trx, created), ctx.asOf, ctx.now)
    return { id: created.id, changes }
  })
}

export async function updateIndicator(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: AdminIndicatorUpdate,
  ctx: WriteContext,
): Promise<StatusWrite> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const { row, plan, targets } = await lockIndicator(trx, id)
    const measure = input.measure ?? row.measure
    const unit = input.unit ?? row.unit
    const baseline =
      input.baseline !== undefined
        ? input.baseline
        : row.baseline_year !== null && row.baseline_value !== null
          ? { year: row.baseline_year, value: row.baseline_value }
          : null
    // The stored targets must still fit a changed measure or unit; their issues name them by year.
    const issues = definitionIssues({
      unit,
      measure,
      baseline,
      targets: targets.map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      horizon: { startYear: plan.start_year, endYear: plan.end_year },
    })
    if (issues.length) throw invalidBody(issues)
    if (input.pillarId !== undefined) await checkPillar(trx, input.pillarId, plan.id)
    const after = await trx
      .updateTable('indicators')
      .set({
        ...(input.pillarId !== undefined ? { pillar_id: input.pillarId } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.unit !== undefined ? { unit: input.unit } : {}),
        ...(input.measure !== undefined ? { measure: input.measure } : {}),
        ...(input.direction !== undefined ? { direction: input.direction } : {}),
        ...(input.nature !== undefined ? { nature: input.nature } : {}),
        ...(input.cadence !== undefined ? { cadence: input.cadence } : {}),
        ...(input.baseline !== undefined
          ? { baseline_year: input.baseline?.year ?? null, baseline_value: input.baseline?.value ?? null }
          : {}),
        ...(input.citation !== undefined
          ? { cite_section: input.citation.section, cite_quote: input.citation.quote }
          : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.update',
        entity: 'indicator',
        entityId: id,
        before: indicatorView(row),
        after: indicatorView(after),
      },
      ctx.requestId,
    )
    // Direction, measure and baseline all feed the status: recompute so the change shows at once.
    const changes = await recomputeStatuses(trx, await statusKeys(trx, after), ctx.asOf, ctx.now)
    return { id, changes }
  })
}

/** Refused once values were reported: they are evidence, and the audit trail would lose what they counted against. */
export async function deleteIndicator(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  requestId?: string,
): Promise<void> {
  assertAdmin(actor)
  await db.transaction().execute(async (trx) => {
    const { row, targets } = await lockIndicator(trx, id)
    const reported = await trx
      .selectFrom('observations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(reported.n) > 0)
      throw new ServiceError(
        'conflict',
        `指标 ${id} 已有 ${Number(reported.n)} 条上报数据,不能删除;如不再考核,请修改其说明或目标`,
      )
    const departments = await departmentsOf(trx, id)
    await trx.deleteFrom('indicators').where('id', '=', id).execute()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.delete',
        entity: 'indicator',
        entityId: id,
        before: { ...indicatorView(row), targets: targets.map(targetView), departments },
      },
      requestId,
    )
  })
}

export async function createTarget(
  db: Kysely<Database>,
  actor: Principal,
  indicatorId: number,
  input: AdminTargetInput,
  ctx: WriteContext,
): Promise<StatusWrite> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const { row, plan, targets } = await lockIndicator(trx, indicatorId)
    const next = targetRow(indicatorId, input)
    await checkTargets(row, plan, [
      ...targets.map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      asDefinitionTarget(next, ''),
    ])
    if (targets.some((t) => t.due_date === next.due_date))
      throw new ServiceError(
        'conflict',
        `请求体 dueDate: 指标 ${indicatorId} 已有截止日期为 ${next.due_date} 的目标,请修改那个目标`,
      )
    const created = await trx.insertInto('indicator_targets').values(next).returningAll().executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.target.create',
        entity: 'indicator',
        entityId: indicatorId,
        after: { target: targetView(created) },
      },
      ctx.requestId,
    )
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: created.id, changes }
  })
}

export async function updateTarget(
  db: Kysely<Database>,
  actor: Principal,
  indicatorId: number,
  targetId: number,
  input: AdminTargetUpdate,
  ctx: WriteContext,
): Promise<StatusWrite> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const { row, plan, targets } = await lockIndicator(trx, indicatorId)
    const before = targets.find((t) => t.id === targetId)
    if (!before) throw notFound(`指标 ${indicatorId} 的目标 ${targetId} `)
    const year = input.year ?? before.year
    const comparator = input.comparator ?? before.comparator
    const merged = {
      year,
      // A new year moves the default due date with it; an explicit one wins.
      due_date: input.dueDate ?? (input.year !== undefined ? yearEnd(year) : before.due_date),
      comparator,
      value: input.value ?? before.value,
      // Switching away from a range drops its upper bound unless one is given.
      value_max: input.valueMax !== undefined ? input.valueMax : comparator === 'range' ? before.value_max : null,
      cite_section: input.citation !== undefined ? (input.citation?.section ?? null) : before.cite_section,
      cite_quote: input.citation !== undefined ? (input.citation?.quote ?? null) : before.cite_quote,
    }
    if (!merged.due_date.startsWith(`${year}-`))
      throw bodyField('dueDate', `截止日期 ${merged.due_date} 不在目标年份 ${year} 年之内`)
    await checkTargets(row, plan, [
      ...targets.filter((t) => t.id !== targetId).map((t) => asDefinitionTarget(t, `targets(${t.year}年).`)),
      asDefinitionTarget(merged, ''),
    ])
    if (targets.some((t) => t.id !== targetId && t.due_date === merged.due_date))
      throw new ServiceError(
        'conflict',
        `请求体 dueDate: 指标 ${indicatorId} 已有截止日期为 ${merged.due_date} 的另一个目标`,
      )
    const after = await trx
      .updateTable('indicator_targets')
      .set(merged)
      .where('id', '=', targetId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.target.update',
        entity: 'indicator',
        entityId: indicatorId,
        before: { target: targetView(before) },
        after: { target: targetView(after) },
      },
      ctx.requestId,
    )
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: targetId, changes }
  })
}

export async function deleteTarget(
  db: Kysely<Database>,
  actor: Principal,
  indicatorId: number,
  targetId: number,
  ctx: WriteContext,
): Promise<StatusWrite> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const { row, targets } = await lockIndicator(trx, indicatorId)
    const before = targets.find((t) => t.id === targetId)
    if (!before) throw notFound(`指标 ${indicatorId} 的目标 ${targetId} `)
    // Status, path and forecast all need a final target: the last one can be changed, not removed.
    if (targets.length === 1)
      throw new ServiceError(
        'conflict',
        `目标 ${targetId} 是指标 ${indicatorId} 唯一的目标,不能删除;请修改它,或删除整个指标`,
      )
    await trx.deleteFrom('indicator_targets').where('id', '=', targetId).execute()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.target.delete',
        entity: 'indicator',
        entityId: indicatorId,
        before: { target: targetView(before) },
      },
      ctx.requestId,
    )
    const changes = await afterTargetWrite(trx, row, ctx)
    return { id: targetId, changes }
  })
}

async function checkTargets(
  row: IndicatorRow,
  plan: { start_year: number; end_year: number },
  targets: DefinitionTarget[],
) {
  const baseline =
    row.baseline_year !== null && row.baseline_value !== null
      ? { year: row.baseline_year, value: row.baseline_value }
      : null
  const issues = definitionIssues({
    unit: row.unit,
    measure: row.measure,
    baseline,
    targets,
    horizon: { startYear: plan.start_year, endYear: plan.end_year },
  })
  if (issues.length) throw invalidBody(issues)
}

/** Replaces the indicator's lead and cooperating departments as a whole. */
export async function setIndicatorDepartments(
  db: Kysely<Database>,
  actor: Principal,
  indicatorId: number,
  links: { departmentId: number; role: DepartmentRole }[],
  requestId?: string,
): Promise<void> {
  assertAdmin(actor)
  await db.transaction().execute(async (trx) => {
    const { row } = await lockIndicator(trx, indicatorId)
    await checkDepartments(trx, links, row.jurisdiction_code, 'departments')
    const before = await departmentsOf(trx, indicatorId)
    await trx.deleteFrom('indicator_departments').where('indicator_id', '=', indicatorId).execute()
    if (links.length)
      await trx
        .insertInto('indicator_departments')
        .values(links.map((l) => ({ indicator_id: indicatorId, department_id: l.departmentId, role: l.role })))
        .execute()
    await audit(
      trx,
      actor,
      {
        action: 'indicator.departments',
        entity: 'indicator',
        entityId: indicatorId,
        before: { departments: before },
        after: { departments: await departmentsOf(trx, indicatorId) },
      },
      requestId,
    )
  })
}
