import type { StatusChange } from '@cockpit/contracts'
import type { Database, IndicatorStatusRow } from '@cockpit/db'
import { evaluateStatus, type Observation } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { indicatorSpec } from '../kernel/status-view.js'
import { drivesRowSql } from '../kernel/counts.js'
import { anyInt } from '../kernel/any-of.js'

export interface StatusKey {
  indicatorId: number
  jurisdictionCode: string
}
const keyOf = (k: StatusKey) => `${k.indicatorId}|${k.jurisdictionCode}`

const KEY_COLUMNS = ['indicator_id', 'jurisdiction_code'] as const

/** The stored columns that say what a status is; `computed_at` only says when it was last looked at. */
const JUDGED = [
  'status',
  'as_of',
  'latest_value',
  'latest_period_key',
  'latest_period_end',
  'expected',
  'gap',
  'gap_ratio',
  'time_progress',
  'completion',
  'forecast',
  'forecast_meets',
  'reason',
  'observation_count',
  'status_since',
] as const

/**
 * The newest counting revision of every period (pending and returned ones wait or never count, an
 * incomplete roll-up never drives), oldest period first, for the given (indicator, jurisdiction) pairs.
 */
export async function currentObservations(
  db: Kysely<Database>,
  keys: StatusKey[],
): Promise<Map<string, (Observation & { periodKey: string })[]>> {
  const out = new Map<string, (Observation & { periodKey: string })[]>()
  if (keys.length === 0) return out
  // One text per series, not a row per period: the driver's per-row work (protocol, objects, garbage) was two
  // thirds of a recompute's CPU. A field is text as the driver would read it (float8out, date in ISO style),
  // and none holds a space (canonical period keys, dates, numbers).
  const rows = await sql<{ n: string; s: string | null }>`
    select k.n, o.s
    from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) with ordinality as k(i, j, n)
    cross join lateral (
      select string_agg(c.period_key || ' ' || c.period_end::text || ' ' || c.value::text, ' ' order by c.period_key) as s
      from (
        select distinct on (period_key) period_key, period_end, value from observations o
        where o.indicator_id = k.i and o.jurisdiction_code = k.j and ${drivesRowSql('o')}
        order by period_key, revision desc, id desc
      ) c
    ) o`.execute(db)
  for (const r of rows.rows) {
    if (r.s === null) continue
    const f = r.s.split(' ')
    const list: (Observation & { periodKey: string })[] = []
    for (let i = 0; i + 2 < f.length; i += 3)
      list.push({ periodKey: f[i]!, periodEnd: f[i + 1]!, value: Number.parseFloat(f[i + 2]!) })
    out.set(keyOf(keys[Number(r.n) - 1]!), list)
  }
  for (const list of out.values())
    list.sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))
  return out
}

/**
 * Re-derives and stores the status of each pair as of `asOf`; returns the pairs whose status or latest
 * value changed, for live screens and alert evaluation.
 */
export async function recomputeStatuses(
  db: Kysely<Database>,
  keys: StatusKey[],
  asOf: string,
  now: Date,
): Promise<StatusChange[]> {
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()].sort(
    (a, b) => a.indicatorId - b.indicatorId || a.jurisdictionCode.localeCompare(b.jurisdictionCode),
  )
  if (unique.length === 0) return []
  // Two workers committing values of one indicator at once must not store a status computed from a
  // snapshot that misses the other's values: serialise per pair (sorted, so no deadlock) until commit.
  await sql`select pg_advisory_xact_lock(k.i, hashtext(k.j))
    from unnest(${unique.map((k) => k.indicatorId)}::int[], ${unique.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
    order by k.i, k.j`.execute(db)
  const indicatorIds = [...new Set(unique.map((k) => k.indicatorId))]
  const [indicators, targets, observations, previous, incomplete] = await Promise.all([
    db
      .selectFrom('indicators')
      .select(['id', 'direction', 'measure', 'baseline_year', 'baseline_value'])
      .where('id', '=', anyInt(indicatorIds))
      .execute(),
    db
      .selectFrom('indicator_targets')
      .select(['indicator_id', 'due_date', 'comparator', 'value', 'value_max'])
      .where('indicator_id', '=', anyInt(indicatorIds))
      .execute(),
    currentObservations(db, unique),
    previousStatuses(db, unique),
    incompleteRollups(db, unique),
  ])
  const byId = new Map(indicators.map((i) => [i.id, i]))
  const targetsOf = new Map<number, typeof targets>()
  for (const t of targets) {
    const list = targetsOf.get(t.indicator_id)
    if (list) list.push(t)
    else targetsOf.set(t.indicator_id, [t])
  }
  const prevByKey = new Map<string, IndicatorStatusRow>(
    previous.map((p) => [keyOf({ indicatorId: p.indicator_id, jurisdictionCode: p.jurisdiction_code }), p]),
  )
  const changes: StatusChange[] = []
  const rows: IndicatorStatusRow[] = []
  for (const k of unique) {
    const indicator = byId.get(k.indicatorId)
    if (!indicator) continue
    const spec = indicatorSpec(indicator, targetsOf.get(k.indicatorId) ?? [])
    const obs = observations.get(keyOf(k)) ?? []
    const r = evaluateStatus(spec, obs, asOf)
    // A newer period whose roll-up is still short of children is not judged: say so instead of silently showing the older one.
    const short = incomplete.get(keyOf(k))
    if (short && short.periodEnd > (r.latest?.periodEnd ?? ''))
      r.reason = `下级上报不足 (${short.reported}/${short.expected})${r.reason ? `;${r.reason}` : ''}`
    const latestKey = r.latest ? (obs.findLast((o) => o.periodEnd === r.latest!.periodEnd)?.periodKey ?? null) : null
    const prev = prevByKey.get(keyOf(k))
    const statusChanged = prev?.status !== r.status
    rows.push({
      indicator_id: k.indicatorId,
      jurisdiction_code: k.jurisdictionCode,
      status: r.status,
      as_of: asOf,
      latest_value: r.latest?.value ?? null,
      latest_period_key: latestKey,
      latest_period_end: r.latest?.periodEnd ?? null,
      expected: r.expected,
      gap: r.gap,
      gap_ratio: r.gapRatio,
      time_progress: r.timeProgress,
      completion: r.completion,
      forecast: r.forecast,
      forecast_meets: r.forecastMeets,
      reason: r.reason,
      observation_count: obs.length,
      computed_at: now,
      status_since: statusChanged || !prev ? now : prev.status_since,
    })
    if (statusChanged || prev?.latest_value !== (r.latest?.value ?? null) || prev?.latest_period_key !== latestKey)
      changes.push({
        type: 'status',
        indicatorId: k.indicatorId,
        jurisdictionCode: k.jurisdictionCode,
        status: r.status,
        previousStatus: prev?.status ?? null,
        latestValue: r.latest?.value ?? null,
        latestPeriodKey: latestKey,
        expected: r.expected,
        gapRatio: r.gapRatio,
        at: now.toISOString(),
      })
  }
  // Column arrays through unnest: 18 parameters a statement instead of 18 a row, so a drain of thousands of
  // pairs spends its time writing statuses, not parsing and planning a VALUES list.
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000)
    const col = <K extends keyof IndicatorStatusRow>(k: K) => part.map((r) => r[k])
    await sql`
      insert into indicator_status as s (${sql.join([...KEY_COLUMNS, ...JUDGED, 'computed_at'].map((c) => sql.ref(c)))})
      select * from unnest(
        ${col('indicator_id')}::int[], ${col('jurisdiction_code')}::text[], ${col('status')}::text[], ${col('as_of')}::date[],
        ${col('latest_value')}::float8[], ${col('latest_period_key')}::text[], ${col('latest_period_end')}::date[],
        ${col('expected')}::float8[], ${col('gap')}::float8[], ${col('gap_ratio')}::float8[], ${col('time_progress')}::float8[],
        ${col('completion')}::float8[], ${col('forecast')}::float8[], ${col('forecast_meets')}::boolean[], ${col('reason')}::text[],
        ${col('observation_count')}::int[], ${col('status_since')}::timestamptz[], ${col('computed_at')}::timestamptz[]
      )
      on conflict (indicator_id, jurisdiction_code) do update set
        ${sql.join([...JUDGED, 'computed_at'].map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))}
      -- An unchanged status is not rewritten (a repeated recompute would leave one dead row per series):
      -- computed_at alone moving is no change, a new as_of (the next day) is.
      where (${sql.join(JUDGED.map((c) => sql.ref(`s.${c}`)))}) is distinct from (${sql.join(JUDGED.map((c) => sql.ref(`excluded.${c}`)))})`.execute(
      db,
    )
  }
  return changes
}

/** The stored status of each pair (not of every pair of its indicators: a rolled-up one has thousands). */
async function previousStatuses(db: Kysely<Database>, keys: StatusKey[]): Promise<IndicatorStatusRow[]> {
  const { rows } = await sql<IndicatorStatusRow>`
    select s.* from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
    join indicator_status s on s.indicator_id = k.i and s.jurisdiction_code = k.j`.execute(db)
  return rows
}

/** Pairs whose newest roll-up (newest period, newest revision) is incomplete: its period end and coverage, for the status reason. */
async function incompleteRollups(
  db: Kysely<Database>,
  keys: StatusKey[],
): Promise<Map<string, { periodEnd: string; reported: number; expected: number }>> {
  const rows = await sql<{
    indicator_id: number
    jurisdiction_code: string
    period_end: string
    reported: number
    expected: number
  }>`
    select k.i as indicator_id, k.j as jurisdiction_code, x.period_end, x.reported, x.expected
    from unnest(${keys.map((k) => k.indicatorId)}::int[], ${keys.map((k) => k.jurisdictionCode)}::text[]) as k(i, j)
    cross join lateral (
      select o.period_end, rp.reported, rp.expected, rp.complete from observations o join rollup_provenance rp on rp.observation_id = o.id
      where o.indicator_id = k.i and o.jurisdiction_code = k.j and o.source = 'rollup'
      order by o.period_end desc, o.revision desc, o.id desc limit 1
    ) x where not x.complete`.execute(db)
  return new Map(
    rows.rows.map((r) => [
      keyOf({ indicatorId: r.indicator_id, jurisdictionCode: r.jurisdiction_code }),
      { periodEnd: r.period_end, reported: r.reported, expected: r.expected },
    ]),
  )
}

/**
 * Every indicator at its own jurisdiction plus every pair that has observations, each once: the daily sweep
 * (the safety net for a status no ingest recomputed, so it reads the observations themselves). The pairs with
 * observations are found by skipping along `observations_current` (one index probe per pair, not a scan of
 * every observation).
 */
export async function allStatusKeys(db: Kysely<Database>): Promise<StatusKey[]> {
  const rows = await sql<{ indicator_id: number; jurisdiction_code: string }>`
    with recursive reported as (
      (select indicator_id, jurisdiction_code from observations order by indicator_id, jurisdiction_code limit 1)
      union all
      select n.indicator_id, n.jurisdiction_code from reported r cross join lateral (
        select o.indicator_id, o.jurisdiction_code from observations o
        where (o.indicator_id, o.jurisdiction_code) > (r.indicator_id, r.jurisdiction_code)
        order by o.indicator_id, o.jurisdiction_code limit 1
      ) n
    )
    select id as indicator_id, jurisdiction_code from indicators
    union
    select indicator_id, jurisdiction_code from reported
    order by indicator_id, jurisdiction_code`.execute(db)
  return rows.rows.map((r) => ({ indicatorId: r.indicator_id, jurisdictionCode: r.jurisdiction_code }))
}

/**
 * The series that have a status: every indicator at its own jurisdiction plus every stored status, each once.
 * Small tables only; what drives an alert is a status, and the daily sweep gives every reported pair one.
 */
export async function statusSeriesKeys(db: Kysely<Database>): Promise<StatusKey[]> {
  const rows = await sql<{ indicator_id: number; jurisdiction_code: string }>`
    select id as indicator_id, jurisdiction_code from indicators
    union
    select indicator_id, jurisdiction_code from indicator_status
    order by indicator_id, jurisdiction_code`.execute(db)
  return rows.rows.map((r) => ({ indicatorId: r.indicator_id, jurisdictionCode: r.jurisdiction_code }))
}
