import type { DepartmentRef } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

/** Lead and cooperating departments of many indicators or tasks in one query, leads first. */
export async function departmentLinks(
  db: Kysely<Database>,
  table: 'indicator_departments' | 'task_departments',
  ownerIds: number[],
): Promise<Map<number, DepartmentRef[]>> {
  const out = new Map<number, DepartmentRef[]>()
  if (ownerIds.length === 0) return out
  const ownerColumn = table === 'indicator_departments' ? 'indicator_id' : 'task_id'
  const rows = await db
    .selectFrom(`${table} as l` as 'indicator_departments as l')
    .innerJoin('departments as d', 'd.id', 'l.department_id')
    .select([`l.${ownerColumn} as owner_id` as 'l.indicator_id as owner_id', 'd.id', 'd.key', 'd.name', 'l.role'])
    .where(`l.${ownerColumn}` as 'l.indicator_id', 'in', ownerIds)
    .orderBy('l.role', 'desc')
    .orderBy('d.id')
    .execute()
  for (const r of rows) {
    const list = out.get(r.owner_id) ?? []
    list.push({ id: r.id, key: r.key, name: r.name, role: r.role })
    out.set(r.owner_id, list)
  }
  return out
}
