import type { JurisdictionLevel } from '@cockpit/contracts'
import type { JurisdictionRow } from '@cockpit/db'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, notFound } from '../../kernel/errors.js'
import { bodyField, conflictOnUnique } from '../../kernel/admin-guards.js'

const jurisdictionView = (j: JurisdictionRow) => ({
  code: j.code,
  name: j.name,
  level: j.level,
  parentCode: j.parent_code,
})

export async function createJurisdiction(
  ctx: ServiceContext,
  input: { code: string; name: string; level: JurisdictionLevel; parentCode: string | null },
): Promise<string> {
  return adminTransaction(ctx, async (trx, tx) => {
    if (await trx.selectFrom('jurisdictions').select('code').where('code', '=', input.code).executeTakeFirst())
      throw bodyIssue('code', `行政区划 ${input.code} 已存在`, 'conflict')
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
      bodyIssue('code', `行政区划 ${input.code} 已存在`, 'conflict'),
    )
    await auditWrite(tx, {
      action: 'jurisdiction.create',
      entity: 'jurisdiction',
      entityId: row.code,
      after: jurisdictionView(row),
    })
    return row.code
  })
}

/** The code is the identity (GB/T 2260) and never changes; a new parent must exist and must not lie below the jurisdiction itself. */
export async function updateJurisdiction(
  ctx: ServiceContext,
  code: string,
  input: { name?: string | undefined; level?: JurisdictionLevel | undefined; parentCode?: string | null | undefined },
): Promise<string> {
  return adminTransaction(ctx, async (trx, tx) => {
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
        updated_at: ctx.now,
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'jurisdiction.update',
      entity: 'jurisdiction',
      entityId: code,
      before: jurisdictionView(before),
      after: jurisdictionView(after),
    })
    return code
  })
}
