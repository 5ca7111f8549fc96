import type { JurisdictionLevel } from '@cockpit/contracts'
import type { Database, JurisdictionRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../../kernel/audit.js'
import type { Principal } from '../../kernel/principal.js'
import { bodyIssue, notFound } from '../../kernel/errors.js'
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
