import {
  INDICATOR_PAGE_MAX,
  type Indicator,
  type IndicatorDetail,
  type IndicatorQuery,
  statusLabels,
} from '@cockpit/contracts'
import type { Database, IndicatorTargetRow } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { inScope, type ReadScope, readScope } from '../../kernel/scope.js'
import type { ServiceContext } from '../../kernel/context.js'
import { notFound } from '../../kernel/errors.js'
import { decodeCursor, encodeCursor } from '../../kernel/page-cursor.js'
import { departmentLinks } from '../../kernel/department-links.js'
import { jurisdictionFilters } from '../../kernel/jurisdiction-filter.js'
import { planCitation, targetLabel } from '../../kernel/labels.js'
import { indicatorSpec, statusView } from '../../kernel/status-view.js'
import { rollupCoverage, rollupSettings } from './rollups.js'
import { anyInt, anyText } from '../../kernel/any-of.js'

function indicatorQuery(db: Kysely<Database>) {
  return db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .innerJoin('jurisdictions as j', 'j.code', 'i.jurisdiction_code')
    .leftJoin('pillars as x', 'x.id', 'i.pillar_id')
    .leftJoin('indicator_status as s', (j) =>
      j.onRef('s.indicator_id', '=', 'i.id').onRef('s.jurisdiction_code', '=', 'i.jurisdiction_code'),
    )
    .selectAll('i')
    .select([
      'p.key as plan_key',
      'p.title as plan_title',
      'p.doc_number',
      'p.source_file',
      'j.name as jurisdiction_name',
      'x.key as pillar_key',
      'x.name as pillar_name',
      's.status as s_status',
      's.as_of as s_as_of',
      's.latest_value as s_latest_value',
      's.latest_period_end as s_latest_period_end',
      's.expected as s_expected',
      's.gap as s_gap',
      's.gap_ratio as s_gap_ratio',
      's.time_progress as s_time_progress',
      's.completion as s_completion',
      's.forecast as s_forecast',
      's.forecast_meets as s_forecast_meets',
      's.reason as s_reason',
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof indicatorQuery>['executeTakeFirstOrThrow']>>

async function targetsOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, IndicatorTargetRow[]>> {
  const out = new Map<number, IndicatorTargetRow[]>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('indicator_targets')
    .selectAll()
    .where('indicator_id', '=', anyInt(ids))
    .orderBy('due_date')
    .execute()
  for (const r of rows) out.set(r.indicator_id, [...(out.get(r.indicator_id) ?? []), r])
  return out
}

interface RollupParts {
  settings: Map<number, Indicator['rollup']>
  coverage: Map<number, NonNullable<Indicator['status']['coverage']>>
}

async function rollupsOf(db: Kysely<Database>, rows: Pick<Row, 'id' | 'jurisdiction_code'>[]): Promise<RollupParts> {
  const settings = await rollupSettings(
    db,
    rows.map((r) => r.id),
  )
  const coverage = await rollupCoverage(
    db,
    rows.filter((r) => settings.has(r.id)).map((r) => ({ indicatorId: r.id, jurisdictionCode: r.jurisdiction_code })),
  )
  return { settings, coverage }
}

function toIndicator(
  r: Row,
  targets: IndicatorTargetRow[],
  departments: Indicator['departments'],
  asOf: string,
  rollups: RollupParts,
): Indicator {
  const status = storedStatus(r) ?? statusView(indicatorSpec(r, targets), [], asOf)
  return {
    id: r.id,
    key: r.key,
    planKey: r.plan_key,
    planTitle: r.plan_title,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    pillar:
      r.pillar_id !== null && r.pillar_key && r.pillar_name
        ? { id: r.pillar_id, key: r.pillar_key, name: r.pillar_name }
        : null,
    name: r.name,
    unit: r.unit,
    measure: r.measure,
    direction: r.direction,
    nature: r.nature,
    cadence: r.cadence,
    baseline:
      r.baseline_year !== null && r.baseline_value !== null ? { year: r.baseline_year, value: r.baseline_value } : null,
    targets: targets.map((t) => ({
      id: t.id,
      year: t.year,
      dueDate: t.due_date,
      comparator: t.comparator,
      value: t.value,
      valueMax: t.value_max,
      label: targetLabel({ comparator: t.comparator, value: t.value, valueMax: t.value_max }, r.unit),
      citation: t.cite_section && t.cite_quote ? { section: t.cite_section, quote: t.cite_quote } : null,
    })),
    departments,
    citation: planCitation(r),
    note: r.note,
    requiresReview: r.requires_review,
    rollup: rollups.settings.get(r.id) ?? null,
    status: rollups.settings.has(r.id) ? { ...status, coverage: rollups.coverage.get(r.id) ?? null } : status,
  }
}

/** The status kept by the workers (recomputed on every value and nightly); null before any was computed. */
function storedStatus(r: Row): Indicator['status'] | null {
  if (!r.s_status || !r.s_as_of || r.s_reason === null) return null
  return {
    status: r.s_status,
    label: statusLabels[r.s_status],
    asOf: r.s_as_of,
    latestValue: r.s_latest_value,
    latestPeriodEnd: r.s_latest_period_end,
    expected: r.s_expected,
    gap: r.s_gap,
    gapRatio: r.s_gap_ratio,
    timeProgress: r.s_time_progress,
    completion: r.s_completion,
    forecast: r.s_forecast,
    forecastMeets: r.s_forecast_meets,
    reason: r.s_reason,
  }
}

type Filter = Omit<IndicatorQuery, 'asOf' | 'limit' | 'after'>

/** The indicators matching the filter inside the scope, unordered and unhydrated. */
async function matching(db: Kysely<Database>, query: Filter, scope: ReadScope) {
  let q = indicatorQuery(db)
  for (const codes of await jurisdictionFilters(db, scope, query))
    q = q.where('i.jurisdiction_code', '=', anyText(codes))
  if (query.plan) q = q.where('p.key', '=', query.plan)
  if (query.pillar) q = q.where('x.key', '=', query.pillar)
  if (query.nature) q = q.where('i.nature', '=', query.nature)
  if (query.binding !== undefined) q = q.where('i.nature', query.binding ? '=' : '<>', 'binding')
  if (query.department !== undefined) {
    const dept = query.department
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('indicator_departments as l')
          .whereRef('l.indicator_id', '=', 'i.id')
          .where('l.department_id', '=', dept),
      ),
    )
  }
  if (query.q) q = q.where('i.name', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  // An indicator without a stored status yet is judged on the fly (toIndicator) and filtered after hydration.
  const status = query.status
  if (status) q = q.where((eb) => eb.or([eb('s.status', '=', status), eb('s.status', 'is', null)]))
  return q
}

/** Targets, departments and roll-ups of a page of rows, as the API shows them; `status` filtered as judged. */
async function hydrate(
  db: Kysely<Database>,
  rows: Row[],
  asOf: string,
  status: Filter['status'],
): Promise<Indicator[]> {
  const ids = rows.map((r) => r.id)
  const [targets, departments, rollups] = await Promise.all([
    targetsOf(db, ids),
    departmentLinks(db, 'indicator_departments', ids),
    rollupsOf(db, rows),
  ])
  const items = rows.map((r) => toIndicator(r, targets.get(r.id) ?? [], departments.get(r.id) ?? [], asOf, rollups))
  return status ? items.filter((i) => i.status.status === status) : items
}

/** The indicators matching the query inside the caller's scope (see `readScope`), judged at `asOf` (default today). */
export const listIndicators = (ctx: ServiceContext, query: Filter, asOf = ctx.asOf): Promise<Indicator[]> =>
  indicatorsIn(ctx.db, query, asOf, readScope(ctx.principal))

/** Every indicator matching the query inside a given scope (a bulletin's jurisdiction and those below it). */
export async function indicatorsIn(
  db: Kysely<Database>,
  query: Filter,
  asOf: string,
  scope: ReadScope,
): Promise<Indicator[]> {
  const rows = await (await matching(db, query, scope))
    .orderBy('i.jurisdiction_code')
    .orderBy('p.key')
    .orderBy('i.position')
    .orderBy('i.id')
    .execute()
  return hydrate(db, rows, asOf, query.status)
}

/** The list's sort key, by which a page ends and the next one starts. */
const PAGE_KEY = ['string', 'string', 'int', 'int'] as const

/**
 * One page of the indicators matching the query, in the list's order (jurisdiction, plan, position), by keyset:
 * the next page starts after the last row's key, so a page costs the same on page 1 and page 30 and the API never
 * holds more than `limit` indicators of a country-wide list. `total` counts every match.
 */
export async function listIndicatorPage(
  ctx: ServiceContext,
  query: IndicatorQuery,
  asOf = ctx.asOf,
): Promise<{ items: Indicator[]; total: number; nextCursor: string | null }> {
  const { db } = ctx
  const limit = query.limit ?? INDICATOR_PAGE_MAX
  const base = await matching(db, query, readScope(ctx.principal))
  let page = base
  if (query.after) {
    const [code, plan, position, id] = decodeCursor(query.after, PAGE_KEY)
    page = page.where(
      (eb) => eb.refTuple('i.jurisdiction_code', 'p.key', 'i.position', 'i.id'),
      '>',
      (eb) => eb.tuple(code, plan, position, id),
    )
  }
  const [rows, counted] = await Promise.all([
    page
      .orderBy('i.jurisdiction_code')
      .orderBy('p.key')
      .orderBy('i.position')
      .orderBy('i.id')
      .limit(limit + 1)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  const more = rows.length > limit
  const kept = more ? rows.slice(0, limit) : rows
  const last = kept.at(-1)
  return {
    items: await hydrate(db, kept, asOf, query.status),
    total: Number(counted.n),
    nextCursor: more && last ? encodeCursor([last.jurisdiction_code, last.plan_key, last.position, last.id]) : null,
  }
}

/** One indicator; outside the caller's scope it answers as absent (404). */
export async function getIndicator(ctx: ServiceContext, id: number, asOf = ctx.asOf): Promise<IndicatorDetail> {
  const { db } = ctx
  const scope = readScope(ctx.principal)
  const row = await indicatorQuery(db).where('i.id', '=', id).executeTakeFirst()
  if (!row || !inScope(scope, row.jurisdiction_code)) throw notFound(`指标 ${id} `)
  const [targets, departments, milestones, rollups] = await Promise.all([
    targetsOf(db, [id]),
    departmentLinks(db, 'indicator_departments', [id]),
    db
      .selectFrom('tasks')
      .select(['id', 'title', 'due_date'])
      .where('indicator_id', '=', id)
      .orderBy('due_date')
      .execute(),
    rollupsOf(db, [row]),
  ])
  return {
    ...toIndicator(row, targets.get(id) ?? [], departments.get(id) ?? [], asOf, rollups),
    baselineCitation:
      row.baseline_cite_section && row.baseline_cite_quote
        ? { section: row.baseline_cite_section, quote: row.baseline_cite_quote }
        : null,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueDate: m.due_date })),
  }
}
