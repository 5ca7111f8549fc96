import type { Cadence } from '@cockpit/contracts'
import type { Database, PlanRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, notFound, ServiceError } from '../../kernel/errors.js'
import { bodyField, conflictOnUnique } from '../../kernel/admin-guards.js'

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

export async function createPlan(ctx: ServiceContext, input: PlanFields): Promise<string> {
  return adminTransaction(ctx, async (trx, tx) => {
    await checkJurisdiction(trx, input.jurisdictionCode)
    if (input.visionYear !== null && input.visionYear < input.endYear)
      throw bodyField('visionYear', `远景年份 ${input.visionYear} 不应早于截止年份 ${input.endYear}`)
    if (await trx.selectFrom('plans').select('id').where('key', '=', input.key).executeTakeFirst())
      throw bodyIssue('key', `规划标识 ${input.key} 已被使用`, 'conflict')
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
      bodyIssue('key', `规划标识 ${input.key} 已被使用`, 'conflict'),
    )
    await auditWrite(tx, { action: 'plan.create', entity: 'plan', entityId: row.id, after: planView(row) })
    return row.key
  })
}

/** A narrower horizon must still hold every target of the plan's indicators; the key stays (seeds update by it). */
export async function updatePlan(
  ctx: ServiceContext,
  id: number,
  input: Partial<Omit<PlanFields, 'key'>>,
): Promise<string> {
  return adminTransaction(ctx, async (trx, tx) => {
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
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'plan.update',
      entity: 'plan',
      entityId: id,
      before: planView(before),
      after: planView(after),
    })
    return after.key
  })
}
