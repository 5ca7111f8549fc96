import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

export interface ResolvedIndicator {
  id: number
  code: string
  name: string
  unit: string
  measure: 'percent' | 'count' | 'quantity'
  cadence: 'monthly' | 'quarterly' | 'yearly'
  jurisdictionCode: string
  startYear: number
  endYear: number
  /** Its values wait for a manager's approval before they count. */
  requiresReview: boolean
}

/** Looks up indicators by id or by "plan/key" code in two queries, whatever the batch size. */
export async function resolveIndicators(
  db: Kysely<Database>,
  refs: (number | string)[],
): Promise<Map<number | string, ResolvedIndicator>> {
  const ids = [...new Set(refs.filter((r): r is number => typeof r === 'number'))]
  const codes = [...new Set(refs.filter((r): r is string => typeof r === 'string'))]
  const out = new Map<number | string, ResolvedIndicator>()
  if (ids.length === 0 && codes.length === 0) return out
  const base = db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select([
      'i.id',
      'i.key',
      'p.key as plan_key',
      'i.name',
      'i.unit',
      'i.measure',
      'i.cadence',
      'i.jurisdiction_code',
      'p.start_year',
      'p.end_year',
      'i.requires_review',
    ])
  const rows = await base
    .where((eb) => {
      const ors = []
      if (ids.length) ors.push(eb('i.id', 'in', ids))
      for (const code of codes) {
        const [plan, key] = code.split('/')
        ors.push(eb.and([eb('p.key', '=', plan ?? ''), eb('i.key', '=', key ?? '')]))
      }
      return eb.or(ors)
    })
    .execute()
  for (const r of rows) {
    const resolved: ResolvedIndicator = {
      id: r.id,
      code: `${r.plan_key}/${r.key}`,
      name: r.name,
      unit: r.unit,
      measure: r.measure,
      cadence: r.cadence,
      jurisdictionCode: r.jurisdiction_code,
      startYear: r.start_year,
      endYear: r.end_year,
      requiresReview: r.requires_review,
    }
    out.set(r.id, resolved)
    out.set(resolved.code, resolved)
  }
  return out
}

/** The indicator ids among `ids` that the department leads or co-owns. */
export async function ownedIndicatorIds(
  db: Kysely<Database>,
  departmentId: number,
  ids: number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('indicator_departments')
    .select('indicator_id')
    .where('department_id', '=', departmentId)
    .where('indicator_id', 'in', ids)
    .execute()
  return new Set(rows.map((r) => r.indicator_id))
}
