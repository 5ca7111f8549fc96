import type { Database, DepartmentRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { audit } from '../../kernel/audit.js'
import type { Principal } from '../../kernel/principal.js'
import { notFound, ServiceError } from '../../kernel/errors.js'
import { assertAdmin, bodyField, conflictOnUnique } from '../../kernel/admin-guards.js'

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
  db: Kysely<Database>,
  actor: Principal,
  input: { jurisdictionCode: string; key: string; name: string; fullName: string | null; contactMobiles: string[] },
  requestId?: string,
): Promise<number> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    if (
      !(await trx
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', input.jurisdictionCode)
        .executeTakeFirst())
    )
      throw bodyField('jurisdictionCode', `行政区划 ${input.jurisdictionCode} 不存在`)
    const taken = `请求体 key: 行政区划 ${input.jurisdictionCode} 下已有标识为 ${input.key} 的部门`
    if (
      await trx
        .selectFrom('departments')
        .select('id')
        .where('jurisdiction_code', '=', input.jurisdictionCode)
        .where('key', '=', input.key)
        .executeTakeFirst()
    )
      throw new ServiceError('conflict', taken)
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
    await audit(
      trx,
      actor,
      { action: 'department.create', entity: 'department', entityId: row.id, after: departmentView(row) },
      requestId,
    )
    return row.id
  })
}

/** Jurisdiction and key stay: tokens, users and seeds refer to the department by them. */
export async function updateDepartment(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: { name?: string | undefined; fullName?: string | null | undefined; contactMobiles?: string[] | undefined },
  now: Date,
  requestId?: string,
): Promise<number> {
  assertAdmin(actor)
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('departments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound(`部门 ${id} `)
    const after = await trx
      .updateTable('departments')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
        ...(input.contactMobiles !== undefined ? { contact_mobiles: [...new Set(input.contactMobiles)] } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      trx,
      actor,
      {
        action: 'department.update',
        entity: 'department',
        entityId: id,
        before: departmentView(before),
        after: departmentView(after),
      },
      requestId,
    )
    return id
  })
}
