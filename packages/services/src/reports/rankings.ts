import {
  type Direction,
  type IndicatorRanking,
  type IndicatorStatus,
  type Measure,
  type RankingKey,
  type RankingQuery,
  statusLabels,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { competitionRanks, parsePeriod, shanghaiDate } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { assertFilterInScope, inScope, type ReadScope, readScope } from '../kernel/scope.js'
import { invalid, notFound } from '../kernel/errors.js'
import { reportDueDate } from '../reporting/due.js'
import { countsSql } from '../kernel/counts.js'
import { currentObservations } from '../status/recompute.js'
import { indicatorSpec, statusView } from '../kernel/status-view.js'
import { descendantCodes } from '../kernel/jurisdictions.js'

/** How many due periods the on-time rate looks back over: a year of monthly reports. */
export const ON_TIME_WINDOW = 12

/**
 * 地区排名: one indicator across the places directly below `parent` (the indicator's own jurisdiction by
 * default), ranked by value (direction-aware), by gap to the path (序时进度) or by on-time reporting. Values
 * and statuses are the kept ones (indicator_status), so this reads the same figures the wall shows. On-time
 * reporting is judged per place from its first counting value of each period against the indicator's due
 * rule, over the last periods due by `asOf` that any place reported (rolled-up values are not reports).
 */
export async function indicatorRanking(
  ctx: ServiceContext,
  indicatorId: number,
  query: RankingQuery,
): Promise<IndicatorRanking> {
  return rankIndicator(ctx.db, indicatorId, query, query.asOf ?? ctx.asOf, readScope(ctx.principal))
}

/** `indicatorRanking` for an explicit date and scope: the monthly bulletin ranks as of a month's end, over its codes. */
export async function rankIndicator(
  db: Kysely<Database>,
  indicatorId: number,
  query: RankingQuery,
  asOf: string,
  scope: ReadScope,
  opts: { statusesAtAsOf?: boolean } = {},
): Promise<IndicatorRanking> {
  const ind = await db
    .selectFrom('indicators')
    .select([
      'id',
      'name',
      'unit',
      'direction',
      'measure',
      'cadence',
      'jurisdiction_code',
      'report_grace_days',
      'baseline_year',
      'baseline_value',
    ])
    .where('id', '=', indicatorId)
    .executeTakeFirst()
  if (!ind || !inScope(scope, ind.jurisdiction_code)) throw notFound(`指标 ${indicatorId} `)
  const parentCode = query.parent ?? ind.jurisdiction_code
  assertFilterInScope(scope, parentCode, '查询参数 parent')
  if (
    parentCode !== ind.jurisdiction_code &&
    !(await descendantCodes(db, ind.jurisdiction_code)).includes(parentCode)
  ) {
    throw invalid(
      `查询参数 parent: 行政区划 ${parentCode} 不在指标「${ind.name}」所属地区(${ind.jurisdiction_code})之内`,
    )
  }
  const parent = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('code', '=', parentCode)
    .executeTakeFirst()
  if (!parent) throw notFound(`行政区划 ${parentCode} `)

  const statuses = opts.statusesAtAsOf
    ? await statusesAt(db, ind, parentCode, asOf)
    : await keptStatuses(db, indicatorId, parentCode)
  const statusOf = new Map(statuses.map((s) => [s.jurisdiction_code, s]))
  // Every current place below the parent is listed (a place that never reported ranks last, visibly);
  // a retired one only while it still has a status.
  const places = (
    await db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'retired_at'])
      .where('parent_code', '=', parentCode)
      .orderBy('code')
      .execute()
  ).filter((p) => p.retired_at === null || statusOf.has(p.code))

  const onTime = await onTimeRates(
    db,
    ind,
    places.map((p) => p.code),
    asOf,
  )
  const rows = places.map((p) => {
    const s = statusOf.get(p.code)
    const status = s?.status ?? 'no-data'
    return {
      code: p.code,
      name: p.name,
      status,
      statusLabel: statusLabels[status],
      latestValue: s?.latest_value ?? null,
      latestPeriodKey: s?.latest_period_key ?? null,
      expected: s?.expected ?? null,
      gapRatio: s?.gap_ratio ?? null,
      onTime: onTime.rates.get(p.code) ?? {
        due: onTime.window.length,
        onTime: 0,
        rate: onTime.window.length ? 0 : null,
      },
    }
  })
  const value = competitionRanks(rows, (r) => r.latestValue, ind.direction === 'lower' ? 'asc' : 'desc')
  const gap = competitionRanks(rows, (r) => r.gapRatio, 'desc')
  const timely = competitionRanks(rows, (r) => r.onTime.rate, 'desc')
  const by: RankingKey = query.by ?? 'value'
  const ranked = rows.map((r, i) => {
    const ranks = { value: value[i] ?? null, gap: gap[i] ?? null, onTime: timely[i] ?? null }
    return { ...r, ranks, rank: by === 'value' ? ranks.value : by === 'gap' ? ranks.gap : ranks.onTime }
  })
  ranked.sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.code.localeCompare(b.code),
  )
  return {
    indicatorId: ind.id,
    indicatorName: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    parentCode: parent.code,
    parentName: parent.name,
    by,
    asOf,
    onTimeWindow: onTime.window,
    rows: ranked,
  }
}

interface PlaceStatus {
  jurisdiction_code: string
  status: IndicatorStatus
  latest_value: number | null
  latest_period_key: string | null
  expected: number | null
  gap_ratio: number | null
}

/** The kept statuses (what the wall shows now). */
const keptStatuses = (db: Kysely<Database>, indicatorId: number, parentCode: string): Promise<PlaceStatus[]> =>
  db
    .selectFrom('indicator_status as s')
    .innerJoin('jurisdictions as j', 'j.code', 's.jurisdiction_code')
    .select(['s.jurisdiction_code', 's.status', 's.latest_value', 's.latest_period_key', 's.expected', 's.gap_ratio'])
    .where('s.indicator_id', '=', indicatorId)
    .where('j.parent_code', '=', parentCode)
    .execute()

/** Statuses re-derived at `asOf` from the values that count, as the monthly bulletin judges a past month. */
async function statusesAt(
  db: Kysely<Database>,
  ind: {
    id: number
    direction: Direction
    measure: Measure
    baseline_year: number | null
    baseline_value: number | null
  },
  parentCode: string,
  asOf: string,
): Promise<PlaceStatus[]> {
  const [codes, targets] = await Promise.all([
    db.selectFrom('jurisdictions').select('code').where('parent_code', '=', parentCode).execute(),
    db
      .selectFrom('indicator_targets')
      .select(['due_date', 'comparator', 'value', 'value_max'])
      .where('indicator_id', '=', ind.id)
      .orderBy('due_date')
      .execute(),
  ])
  const spec = indicatorSpec(ind, targets)
  const observations = await currentObservations(
    db,
    codes.map((c) => ({ indicatorId: ind.id, jurisdictionCode: c.code })),
  )
  const out: PlaceStatus[] = []
  for (const { code } of codes) {
    const obs = (observations.get(`${ind.id}|${code}`) ?? []).filter((o) => o.periodEnd <= asOf)
    if (!obs.length) continue
    const s = statusView(spec, obs, asOf)
    out.push({
      jurisdiction_code: code,
      status: s.status,
      latest_value: s.latestValue,
      latest_period_key: obs.findLast((o) => o.periodEnd === s.latestPeriodEnd)?.periodKey ?? null,
      expected: s.expected,
      gap_ratio: s.gapRatio,
    })
  }
  return out
}

async function onTimeRates(
  db: Kysely<Database>,
  ind: { id: number; cadence: string; report_grace_days: number | null },
  codes: string[],
  asOf: string,
): Promise<{ window: string[]; rates: Map<string, { due: number; onTime: number; rate: number | null }> }> {
  if (!codes.length) return { window: [], rates: new Map() }
  const firsts = await sql<{ jurisdiction_code: string; period_key: string; first_at: Date }>`
    select o.jurisdiction_code, o.period_key, min(o.reported_at) as first_at
    from observations o
    where o.indicator_id = ${ind.id} and o.jurisdiction_code = any(${codes}::text[])
      and o.source <> 'rollup' and ${countsSql('o')}
    group by o.jurisdiction_code, o.period_key`.execute(db)
  const dueOf = new Map<string, string>()
  for (const r of firsts.rows) {
    if (dueOf.has(r.period_key)) continue
    const p = parsePeriod(r.period_key)
    if (p) dueOf.set(r.period_key, reportDueDate(p, ind.report_grace_days))
  }
  const window = [...dueOf.entries()]
    .filter(([, due]) => due <= asOf)
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .slice(0, ON_TIME_WINDOW)
    .map(([k]) => k)
    .reverse()
  const inWindow = new Set(window)
  const rates = new Map<string, { due: number; onTime: number; rate: number | null }>()
  for (const code of codes) rates.set(code, { due: window.length, onTime: 0, rate: window.length ? 0 : null })
  for (const r of firsts.rows) {
    const due = dueOf.get(r.period_key)
    if (!due || !inWindow.has(r.period_key) || shanghaiDate(new Date(r.first_at)) > due) continue
    const x = rates.get(r.jurisdiction_code)
    if (x) x.onTime += 1
  }
  for (const x of rates.values()) x.rate = x.due ? x.onTime / x.due : null
  return { window, rates }
}

/**
 * The rankings a wall shows for a jurisdiction: each indicator the caller may read (of that jurisdiction or
 * of a place above it) that at least `minPlaces` (default two) places directly below it have a value for, in
 * the plan's order. The map asks for one: a single city's value of the province's indicator colours that city.
 */
export async function jurisdictionRankings(
  ctx: ServiceContext,
  query: { jurisdiction: string; by?: RankingKey; minPlaces?: number; asOf?: string | undefined },
): Promise<{ jurisdiction: string; items: IndicatorRanking[] }> {
  const { db } = ctx
  const asOf = query.asOf ?? ctx.asOf
  const scope = readScope(ctx.principal)
  assertFilterInScope(scope, query.jurisdiction)
  const rows = await db
    .selectFrom('indicator_status as s')
    .innerJoin('jurisdictions as j', 'j.code', 's.jurisdiction_code')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select(['s.indicator_id', 'i.jurisdiction_code', 'i.plan_id', 'i.position'])
    .select((eb) => eb.fn.countAll<number>().as('places'))
    .where('j.parent_code', '=', query.jurisdiction)
    .where('s.latest_value', 'is not', null)
    .groupBy(['s.indicator_id', 'i.jurisdiction_code', 'i.plan_id', 'i.position'])
    .orderBy('i.plan_id')
    .orderBy('i.position')
    .execute()
  const items: IndicatorRanking[] = []
  for (const r of rows) {
    // As everywhere, an indicator outside the caller's scope is not shown, even ranked over places inside it.
    if (Number(r.places) < (query.minPlaces ?? 2) || !inScope(scope, r.jurisdiction_code)) continue
    items.push(await rankIndicator(db, r.indicator_id, { parent: query.jurisdiction, by: query.by }, asOf, scope))
  }
  return { jurisdiction: query.jurisdiction, items }
}
