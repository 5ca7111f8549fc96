import type { PillarRow } from '@cockpit/db'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, notFound, ServiceError } from '../../kernel/errors.js'
import { conflictOnUnique } from '../../kernel/admin-guards.js'

const pillarView = (p: PillarRow) => ({
  id: p.id,
  planId: p.plan_id,
  key: p.key,
  name: p.name,
  position: p.position,
  citation: { section: p.cite_section, quote: p.cite_quote },
})

export async function createPillar(
  ctx: ServiceContext,
  planId: number,
  input: { key: string; name: string; position?: number | undefined; citation: { section: string; quote: string } },
) {
  return adminTransaction(ctx, async (trx, tx) => {
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
      throw bodyIssue('key', `规划中已有标识为 ${input.key} 的板块`, 'conflict')
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
      bodyIssue('key', `规划中已有标识为 ${input.key} 的板块`, 'conflict'),
    )
    await auditWrite(tx, { action: 'pillar.create', entity: 'pillar', entityId: row.id, after: pillarView(row) })
    return { id: row.id, planId: row.plan_id, key: row.key, name: row.name, position: row.position }
  })
}

export async function updatePillar(
  ctx: ServiceContext,
  id: number,
  input: {
    name?: string | undefined
    position?: number | undefined
    citation?: { section: string; quote: string } | undefined
  },
) {
  return adminTransaction(ctx, async (trx, tx) => {
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
    await auditWrite(tx, {
      action: 'pillar.update',
      entity: 'pillar',
      entityId: id,
      before: pillarView(before),
      after: pillarView(after),
    })
    return { id: after.id, planId: after.plan_id, key: after.key, name: after.name, position: after.position }
  })
}

/** Refused while indicators or tasks sit under the pillar: the database would silently unlink them. */
export async function deletePillar(ctx: ServiceContext, id: number): Promise<void> {
  await adminTransaction(ctx, async (trx, tx) => {
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
    await auditWrite(tx, { action: 'pillar.delete', entity: 'pillar', entityId: id, before: pillarView(before) })
  })
}
