import { type RollupSettings, rollupRuleLabels } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'

/** The roll-up rule of each indicator that has one (汇总规则), keyed by indicator id. */
export async function rollupSettings(db: Kysely<Database>, ids: number[]): Promise<Map<number, RollupSettings>> {
  const out = new Map<number, RollupSettings>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('indicator_rollups as r')
    .leftJoin('indicators as w', 'w.id', 'r.weight_indicator_id')
    .select([
      'r.indicator_id',
      'r.rule',
      'r.weight_indicator_id',
      'r.min_coverage',
      'r.own_value',
      'r.updated_at',
      'w.name as weight_name',
      'w.unit as weight_unit',
    ])
    .where('r.indicator_id', 'in', ids)
    .execute()
  for (const r of rows)
    out.set(r.indicator_id, {
      rule: r.rule,
      ruleLabel: rollupRuleLabels[r.rule],
      weightIndicator:
        r.weight_indicator_id !== null && r.weight_name !== null
          ? { id: r.weight_indicator_id, name: r.weight_name, unit: r.weight_unit ?? '' }
          : null,
      minCoverage: Number(r.min_coverage),
      ownValue: r.own_value,
      updatedAt: r.updated_at.toISOString(),
    })
  return out
}

/** The coverage of the newest derived value (latest period, newest revision) of each pair, keyed by indicator id. */
export async function rollupCoverage(
  db: Kysely<Database>,
  keys: { indicatorId: number; jurisdictionCode: string }[],
): Promise<Map<number, { reported: number; expected: number; complete: boolean; periodKey: string }>> {
  const out = new Map<number, { reported: number; expected: number; complete: boolean; periodKey: string }>()
  if (keys.length === 0) return out
  const rows = await sql<{
    indicator_id: number
    period_key: string
    reported: number
    expected: number
    complete: boolean
  }>`
    select k.i as indicator_id, x.period_key, x.reported, x.expected, x.complete
    from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
    cross join lateral (
      select o.period_key, rp.reported, rp.expected, rp.complete from observations o join rollup_provenance rp on rp.observation_id = o.id
      where o.indicator_id = k.i and o.jurisdiction_code = k.j and o.source = 'rollup'
      order by o.period_end desc, o.revision desc, o.id desc limit 1
    ) x`.execute(db)
  for (const r of rows.rows)
    out.set(r.indicator_id, {
      reported: r.reported,
      expected: r.expected,
      complete: r.complete,
      periodKey: r.period_key,
    })
  return out
}
