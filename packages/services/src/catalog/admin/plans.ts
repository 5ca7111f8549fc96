import type { Cadence, JurisdictionLevel } from '@cockpit/contracts'
import type { Database, JurisdictionRow, PillarRow, PlanRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../../kernel/audit.js'
import type { Principal } from '../../kernel/principal.js'
import { notFound, ServiceError } from '../../kernel/errors.js'
import { assertAdmin, bodyField, conflictOnUnique } from '../../kernel/admin-guards.js'

const jurisdictionView = (j: JurisdictionRow) => ({
  code: j.code,
  name: j.name,
  level: j.level,
  parentCode: j.parent_code,
})

export async function createJurisdiction(
  db: Kysely<Database>,
  actor: Principal,
  input: { code: string; name: string; level: JurisdictionLevel; parentCode: string | null },
  requestId?: string,
): Promise<string> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('jurisdictions').select('code').where('code', '=', input.code).executeTakeFirst())
      throw new ServiceError('conflict', `请求体 code: 行政区划 ${input.code} 已存在`)
    if (
      input.parentCode !== null &&
      !(await trx.selectFrom('jurisdictions').select('code').where('code', '=', input.parentCode).executeTakeFirst())
    )
      throw bodyField('parentCode', `上级行政区划 ${input.parentCode} 不存在`)
    const row = await conflictOnUnique(
      () =>
        trx
          .insertInto('jurisdictions')
          .values({ code: input.code, name: input.name, level: input.level, parent_code: input.parentCode })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `请求体 code: 行政区划 ${input.code} 已存在`,
    )
    await audit(
      trx,
      actor,
      { action: 'jurisdiction.create', entity: 'jurisdiction', entityId: row.code, after: jurisdictionView(row) },
      requestId,
    )
    return row.code
  })
}

/** The code is the identity (GB/T 2260) and never changes; a new parent must exist and must not lie below the jurisdiction itself. */
export async function updateJurisdiction(
  db: Kysely<Database>,
  actor: Principal,
  code: string,
  input: { name?: string | undefined; level?: JurisdictionLevel | undefined; parentCode?: string | null | undefined },
  now: Date,
  requestId?: string,
): Promise<string> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', code)
      .forUpdate()
      .executeTakeFirst()
    if (!before) throw notFound(`行政区划 ${code} `)
    if (input.parentCode !== undefined && input.parentCode !== null) {
      const parents = new Map(
        (await trx.selectFrom('jurisdictions').select(['code', 'parent_code']).execute()).map((j) => [
          j.code,
          j.parent_code,
        ]),
      )
      if (!parents.has(input.parentCode)) throw bodyField('parentCode', `上级行政区划 ${input.parentCode} 不存在`)
      // Walk up from the new parent: meeting the jurisdiction itself means it would become its own ancestor.
      for (let p: string | null | undefined = input.parentCode, hops = 0; p; p = parents.get(p), hops++)
        if (p === code || hops > parents.size)
          throw bodyField(
            'parentCode',
            `不能把 ${input.parentCode} 设为 ${code} 的上级:${input.parentCode} 是 ${code} 本身或其下级,会形成循环`,
          )
    }
    const after = await trx
      .updateTable('jurisdictions')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.level !== undefined ? { level: input.level } : {}),
        ...(input.parentCode !== undefined ? { parent_code: input.parentCode } : {}),
        updated_at: now,
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'jurisdiction.update',
        entity: 'jurisdiction',
        entityId: code,
        before: jurisdictionView(before),
        after: jurisdictionView(after),
      },
      requestId,
    )
    return code
  })
}

const planView = (p: PlanRow) => ({
  id: p.id,
  key: p.key,
  jurisdictionCode: p.jurisdiction_code,
  title: p.title,
  docNumber: p.doc_number,
  issuer: p.issuer,
  issuedOn: p.issued_on,
  startYear: p.start_year,
  endYear: p.end_year,
  visionYear: p.vision_year,
  sourceFile: p.source_file,
  taskReportCadence: p.task_report_cadence,
  citation: { section: p.cite_section, quote: p.cite_quote },
})

export interface PlanFields {
  key: string
  jurisdictionCode: string
  title: string
  docNumber: string | null
  issuer: string
  issuedOn: string
  startYear: number
  endYear: number
  visionYear: number | null
  sourceFile: string
  citation: { section: string; quote: string }
  /** Only on update: new plans report monthly (the column's default). */
  taskReportCadence?: Cadence | undefined
}

async function checkJurisdiction(db: Kysely<Database>, code: string) {
  if (!(await db.selectFrom('jurisdictions').select('code').where('code', '=', code).executeTakeFirst()))
    throw bodyField('jurisdictionCode', `行政区划 ${code} 不存在`)
}

export async function createPlan(
  db: Kysely<Database>,
  actor: Principal,
  input: PlanFields,
  requestId?: string,
): Promise<string> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    await checkJurisdiction(trx, input.jurisdictionCode)
    if (input.visionYear !== null && input.visionYear < input.endYear)
      throw bodyField('visionYear', `远景年份 ${input.visionYear} 不应早于截止年份 ${input.endYear}`)
    if (await trx.selectFrom('plans').select('id').where('key', '=', input.key).executeTakeFirst())
      throw new ServiceError('conflict', `请求体 key: 规划标识 ${input.key} 已被使用`)
    const row = await conflictOnUnique(
      () =>
        trx
          .insertInto('plans')
          .values({
            key: input.key,
            jurisdiction_code: input.jurisdictionCode,
            title: input.title,
            doc_number: input.docNumber,
            issuer: input.issuer,
            issued_on: input.issuedOn,
            start_year: input.startYear,
            end_year: input.endYear,
            vision_year: input.visionYear,
            source_file: input.sourceFile,
            cite_section: input.citation.section,
            cite_quote: input.citation.quote,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `请求体 key: 规划标识 ${input.key} 已被使用`,
    )
    await audit(
      trx,
      actor,
      { action: 'plan.create', entity: 'plan', entityId: row.id, after: planView(row) },
      requestId,
    )
    return row.key
  })
}

/** A narrower horizon must still hold every target of the plan's indicators; the key stays (seeds update by it). */
export async function updatePlan(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: Partial<Omit<PlanFields, 'key'>>,
  now: Date,
  requestId?: string,
): Promise<string> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`规划 ${id} `)
    if (input.jurisdictionCode !== undefined) await checkJurisdiction(trx, input.jurisdictionCode)
    const startYear = input.startYear ?? before.start_year
    const endYear = input.endYear ?? before.end_year
    const visionYear = input.visionYear !== undefined ? input.visionYear : before.vision_year
    if (startYear > endYear)
      throw bodyField(
        input.endYear !== undefined ? 'endYear' : 'startYear',
        `起始年份 ${startYear} 不能晚于截止年份 ${endYear}`,
      )
    if (visionYear !== null && visionYear < endYear)
      throw bodyField('visionYear', `远景年份 ${visionYear} 不应早于截止年份 ${endYear}`)
    const outside = await trx
      .selectFrom('indicator_targets as t')
      .innerJoin('indicators as i', 'i.id', 't.indicator_id')
      .select(['i.key', 't.year'])
      .where('i.plan_id', '=', id)
      .where((eb) => eb.or([eb('t.year', '<', startYear), eb('t.year', '>', endYear)]))
      .orderBy('t.year')
      .execute()
    if (outside.length)
      throw new ServiceError(
        'conflict',
        `规划期改为 ${startYear}–${endYear} 年后,${outside.length} 个目标将落在规划期之外(如指标 ${outside[0]!.key} 的 ${outside[0]!.year} 年目标),请先修改这些目标`,
      )
    const after = await trx
      .updateTable('plans')
      .set({
        ...(input.jurisdictionCode !== undefined ? { jurisdiction_code: input.jurisdictionCode } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.docNumber !== undefined ? { doc_number: input.docNumber } : {}),
        ...(input.issuer !== undefined ? { issuer: input.issuer } : {}),
        ...(input.issuedOn !== undefined ? { issued_on: input.issuedOn } : {}),
        ...(input.sourceFile !== undefined ? { source_file: input.sourceFile } : {}),
        ...(input.citation !== undefined
          ? { cite_section: input.citation.section, cite_quote: input.citation.quote }
          : {}),
        ...(input.taskReportCadence !== undefined ? { task_report_cadence: input.taskReportCadence } : {}),
        start_year: startYear,
        end_year: endYear,
        vision_year: visionYear,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      { action: 'plan.update', entity: 'plan', entityId: id, before: planView(before), after: planView(after) },
      requestId,
    )
    return after.key
  })
}

const pillarView = (p: PillarRow) => ({
  id: p.id,
  planId: p.plan_id,
  key: p.key,
  name: p.name,
  position: p.position,
  citation: { section: p.cite_section, quote: p.cite_quote },
})

export async function createPillar(
  db: Kysely<Database>,
  actor: Principal,
  planId: number,
  input: { key: string; name: string; position?: number | undefined; citation: { section: string; quote: string } },
  requestId?: string,
) {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst()))
      throw notFound(`规划 ${planId} `)
    if (
      await trx
        .selectFrom('pillars')
        .select('id')
        .where('plan_id', '=', planId)
        .where('key', '=', input.key)
        .executeTakeFirst()
    )
      throw new ServiceError('conflict', `请求体 key: 规划中已有标识为 ${input.key} 的板块`)
    const last = await trx
      .selectFrom('pillars')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('plan_id', '=', planId)
      .executeTakeFirst()
    const row = await conflictOnUnique(
      () =>
        trx
          .insertInto('pillars')
          .values({
            plan_id: planId,
            key: input.key,
            name: input.name,
            position: input.position ?? Number(last?.p ?? -1) + 1,
            cite_section: input.citation.section,
            cite_quote: input.citation.quote,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `请求体 key: 规划中已有标识为 ${input.key} 的板块`,
    )
    await audit(
      trx,
      actor,
      { action: 'pillar.create', entity: 'pillar', entityId: row.id, after: pillarView(row) },
      requestId,
    )
    return { id: row.id, planId: row.plan_id, key: row.key, name: row.name, position: row.position }
  })
}

export async function updatePillar(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: {
    name?: string | undefined
    position?: number | undefined
    citation?: { section: string; quote: string } | undefined
  },
  requestId?: string,
) {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('pillars').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`板块 ${id} `)
    const after = await trx
      .updateTable('pillars')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
        ...(input.citation !== undefined
          ? { cite_section: input.citation.section, cite_quote: input.citation.quote }
          : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      { action: 'pillar.update', entity: 'pillar', entityId: id, before: pillarView(before), after: pillarView(after) },
      requestId,
    )
    return { id: after.id, planId: after.plan_id, key: after.key, name: after.name, position: after.position }
  })
}

/** Refused while indicators or tasks sit under the pillar: the database would silently unlink them. */
export async function deletePillar(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  requestId?: string,
): Promise<void> {
  assertAdmin(actor)
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('pillars').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`板块 ${id} `)
    const [indicators, tasks] = await Promise.all([
      trx
        .selectFrom('indicators')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('pillar_id', '=', id)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('pillar_id', '=', id)
        .executeTakeFirstOrThrow(),
    ])
    if (Number(indicators.n) > 0 || Number(tasks.n) > 0)
      throw new ServiceError(
        'conflict',
        `板块 ${before.name}(${id})下还有 ${Number(indicators.n)} 个指标、${Number(tasks.n)} 项任务,请先把它们移到其他板块再删除`,
      )
    await trx.deleteFrom('pillars').where('id', '=', id).execute()
    await audit(
      trx,
      actor,
      { action: 'pillar.delete', entity: 'pillar', entityId: id, before: pillarView(before) },
      requestId,
    )
  })
}
