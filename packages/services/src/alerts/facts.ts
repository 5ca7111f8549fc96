import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { drivesSql } from '../kernel/counts.js'
import type { StatusKey } from '../status/recompute.js'
import { anyInt, anyText } from '../kernel/any-of.js'

export const pairKey = (k: StatusKey) => `${k.indicatorId}|${k.jurisdictionCode}`

export interface PairFacts {
  indicator: {
    id: number
    name: string
    unit: string
    planId: number
    pillarId: number | null
    nature: 'binding' | 'expected' | 'unclassified'
    direction: 'higher' | 'lower'
    measure: 'percent' | 'count' | 'quantity'
  }
  jurisdictionName: string
  targets: {
    dueDate: string
    comparator: 'gte' | 'lte' | 'eq' | 'range'
    value: number
    valueMax: number | null
    year: number
  }[]
  status: {
    status: 'achieved' | 'on-track' | 'at-risk' | 'off-track' | 'no-data'
    latestValue: number | null
    latestPeriodKey: string | null
    expected: number | null
    gap: number | null
    gapRatio: number | null
    forecast: number | null
    observationCount: number
  } | null
  /** The two newest periods' values, newest first, for sudden-change rules. */
  lastTwo: { periodKey: string; value: number }[]
  /** The oldest report past its due date and still not in, if any. */
  overdue: { periodKey: string; dueDate: string } | null
  /** The newest period whose report is in. */
  lastReported: string | null
}

/**
 * Everything the alert rules look at for a set of (indicator, jurisdiction) pairs, in a few set-based queries.
 * The two newest values are read only when asked (`lastTwo`: a sudden-change rule is enabled): it is the one read
 * that goes through every value of each series, and no default rule needs it.
 */
export async function loadPairFacts(
  db: Kysely<Database>,
  keys: StatusKey[],
  opts: { lastTwo: boolean } = { lastTwo: true },
): Promise<Map<string, PairFacts>> {
  const out = new Map<string, PairFacts>()
  if (keys.length === 0) return out
  const ids = [...new Set(keys.map((k) => k.indicatorId))]
  const codes = [...new Set(keys.map((k) => k.jurisdictionCode))]
  const [indicators, targets, jurisdictions, statuses, lastTwo, reporting] = await Promise.all([
    db
      .selectFrom('indicators')
      .select(['id', 'name', 'unit', 'plan_id', 'pillar_id', 'nature', 'direction', 'measure'])
      .where('id', '=', anyInt(ids))
      .execute(),
    db
      .selectFrom('indicator_targets')
      .select(['indicator_id', 'due_date', 'comparator', 'value', 'value_max', 'year'])
      .where('indicator_id', '=', anyInt(ids))
      .orderBy('due_date')
      .execute(),
    db.selectFrom('jurisdictions').select(['code', 'name']).where('code', '=', anyText(codes)).execute(),
    db
      .selectFrom('indicator_status')
      .selectAll()
      .where('indicator_id', '=', anyInt(ids))
      .where('jurisdiction_code', '=', anyText(codes))
      .execute(),
    opts.lastTwo ? lastTwoValues(db, keys) : Promise.resolve({ rows: [] as LastTwoRow[] }),
    // Per pair only the two periods a rule reads (the oldest still owed, the newest reported), not all ten years'.
    sql<{
      indicator_id: number
      jurisdiction_code: string
      overdue_period: string | null
      overdue_due: string | null
      reported_period: string | null
    }>`
      select k.i as indicator_id, k.j as jurisdiction_code, od.period_key as overdue_period,
             od.due_date as overdue_due, rp.period_key as reported_period
      from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
      left join lateral (
        select r.period_key, r.due_date from reporting_periods r
        where r.indicator_id = k.i and r.jurisdiction_code = k.j and r.state in ('overdue', 'missing')
        order by r.period_end limit 1
      ) od on true
      left join lateral (
        select r.period_key from reporting_periods r
        where r.indicator_id = k.i and r.jurisdiction_code = k.j and r.state in ('reported-on-time', 'reported-late')
        order by r.period_end desc limit 1
      ) rp on true`.execute(db),
  ])
  const ind = new Map(indicators.map((i) => [i.id, i]))
  const names = new Map(jurisdictions.map((j) => [j.code, j.name]))
  // Rows by pair (and targets by indicator), each list keeping its query's order: a chunk's keys look theirs up
  // instead of scanning every row of the chunk once per key.
  const rowKey = (r: { indicator_id: number | null; jurisdiction_code: string }) =>
    `${r.indicator_id}|${r.jurisdiction_code}`
  const status = new Map(statuses.map((x) => [rowKey(x), x]))
  const reportingOf = new Map(reporting.rows.map((r) => [rowKey(r), r]))
  const lastTwoOf = groupBy(lastTwo.rows, rowKey)
  const targetsOf = groupBy(targets, (t) => t.indicator_id)
  for (const k of keys) {
    const i = ind.get(k.indicatorId)
    if (!i) continue
    const s = status.get(pairKey(k))
    const rp = reportingOf.get(pairKey(k))
    out.set(pairKey(k), {
      indicator: {
        id: i.id,
        name: i.name,
        unit: i.unit,
        planId: i.plan_id,
        pillarId: i.pillar_id,
        nature: i.nature,
        direction: i.direction,
        measure: i.measure,
      },
      jurisdictionName: names.get(k.jurisdictionCode) ?? k.jurisdictionCode,
      targets: (targetsOf.get(k.indicatorId) ?? []).map((t) => ({
        dueDate: t.due_date,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.value_max,
        year: t.year,
      })),
      status: s
        ? {
            status: s.status,
            latestValue: s.latest_value,
            latestPeriodKey: s.latest_period_key,
            expected: s.expected,
            gap: s.gap,
            gapRatio: s.gap_ratio,
            forecast: s.forecast,
            observationCount: s.observation_count,
          }
        : null,
      lastTwo: [...(lastTwoOf.get(pairKey(k)) ?? [])]
        .sort((a, b) => a.rn - b.rn)
        .map((r) => ({ periodKey: r.period_key, value: r.value })),
      overdue: rp?.overdue_period && rp.overdue_due ? { periodKey: rp.overdue_period, dueDate: rp.overdue_due } : null,
      lastReported: rp?.reported_period ?? null,
    })
  }
  return out
}

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const r of rows) {
    const key = keyOf(r)
    const list = out.get(key)
    if (list) list.push(r)
    else out.set(key, [r])
  }
  return out
}

interface LastTwoRow {
  indicator_id: number
  jurisdiction_code: string
  period_key: string
  value: number
  rn: number
}

/** Each pair's two newest periods' values in force (those that may drive an alert), newest first. */
const lastTwoValues = (db: Kysely<Database>, keys: StatusKey[]) =>
  sql<LastTwoRow>`
      select k.i as indicator_id, k.j as jurisdiction_code, o.period_key, o.value, o.rn
      from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
      cross join lateral (
        select period_key, value, row_number() over (order by period_end desc) as rn from (
          select distinct on (period_key) period_key, period_end, value from observations o
          where o.indicator_id = k.i and o.jurisdiction_code = k.j and ${drivesSql('o')}
          order by period_key, revision desc, id desc
        ) c order by period_end desc limit 2
      ) o`.execute(db)
