import type { Database, DepartmentRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { adminTransaction, auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { bodyIssue, notFound } from '../../kernel/errors.js'
import { bodyField, conflictOnUnique } from '../../kernel/admin-guards.js'

const departmentView = (d: DepartmentRow) => ({
  id: d.id,
  jurisdictionCode: d.jurisdiction_code,
  key: d.key,
  name: d.name,
  fullName: d.full_name,
  contactMobiles: d.contact_mobiles,
})

export async function departmentContacts(db: Kysely<Database>, id: number): Promise<string[]> {
  const row = await db.selectFrom('departments').select('contact_mobiles').where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`部门 ${id} `)
  return row.contact_mobiles
}

export async function createDepartment(
  ctx: ServiceContext,
  input: { jurisdictionCode: string; key: string; name: string; fullName: string | null; contactMobiles: string[] },
): Promise<number> {
  return adminTransaction(ctx, async (trx, tx) => {
    if (
      !(await trx
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', input.jurisdictionCode)
        .executeTakeFirst())
    )
      throw bodyField('jurisdictionCode', `行政区划 ${input.jurisdictionCode} 不存在`)
    const taken = bodyIssue('key', `行政区划 ${input.jurisdictionCode} 下已有标识为 ${input.key} 的部门`, 'conflict')
    if (
      await trx
        .selectFrom('departments')
        .select('id')
        .where('jurisdiction_code', '=', input.jurisdictionCode)
        .where('key', '=', input.key)
        .executeTakeFirst()
    )
      throw taken
    const row = await conflictOnUnique(
      () =>
        trx
          .insertInto('departments')
          .values({
            jurisdiction_code: input.jurisdictionCode,
            key: input.key,
            name: input.name,
            full_name: input.fullName,
            contact_mobiles: [...new Set(input.contactMobiles)],
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      taken,
    )
    await auditWrite(tx, {
      action: 'department.create',
      entity: 'department',
      entityId: row.id,
      after: departmentView(row),
    })
    return row.id
  })
}

/** Jurisdiction and key stay: tokens, users and seeds refer to the department by them. */
export async function updateDepartment(
  ctx: ServiceContext,
  id: number,
  input: { name?: string | undefined; fullName?: string | null | undefined; contactMobiles?: string[] | undefined },
): Promise<number> {
  return adminTransaction(ctx, async (trx, tx) => {
    const before = await trx.selectFrom('departments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`部门 ${id} `)
    const after = await trx
      .updateTable('departments')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
        ...(input.contactMobiles !== undefined ? { contact_mobiles: [...new Set(input.contactMobiles)] } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await auditWrite(tx, {
      action: 'department.update',
      entity: 'department',
      entityId: id,
      before: departmentView(before),
      after: departmentView(after),
    })
    return id
  })
}
