import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { anyInt } from './any-of.js'

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
  /** Whether the department asked about leads or co-owns it (false when none was asked about). */
  owned: boolean
}

/**
 * Looks up indicators by id or by "plan/key" code in one query, whatever the batch size, with whether
 * `ownerDepartmentId` leads or co-owns each (the same query: every submission asks both).
 */
export async function resolveIndicators(
  db: Kysely<Database>,
  refs: (number | string)[],
  ownerDepartmentId: number | null = null,
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
      (eb) =>
        ownerDepartmentId === null
          ? sql<boolean>`false`.as('owned')
          : eb
              .exists(
                eb
                  .selectFrom('indicator_departments as d')
                  .select('d.indicator_id')
                  .whereRef('d.indicator_id', '=', 'i.id')
                  .where('d.department_id', '=', ownerDepartmentId),
              )
              .as('owned'),
    ])
  const rows = await base
    .where((eb) => {
      const ors = []
      if (ids.length) ors.push(eb('i.id', '=', anyInt(ids)))
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
      owned: Boolean(r.owned),
    }
    out.set(r.id, resolved)
    out.set(resolved.code, resolved)
  }
  return out
}
