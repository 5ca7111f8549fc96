import type { Database, SubmissionErrorItem } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { loadReportingRules, periodLockCheck, type ReportingRule } from '../../reporting/index.js'
import { type ResolvedIndicator, resolveIndicators } from '../../kernel/indicator-refs.js'
import { matchNames, type NamedIndicator, type NameMatch, needsNameMatch } from './match-names.js'
import type { RawItem } from './raw-items.js'
import { type ValidItem, validateItems } from './validate-items.js'
import { anyInt } from '../../kernel/any-of.js'

export const jsonColumns = {
  indicator: 'indicator',
  jurisdiction: 'jurisdiction',
  period: 'period',
  value: 'value',
  note: 'note',
}
export const fileColumns = {
  indicator: '指标编码',
  jurisdiction: '行政区划代码',
  period: '统计期',
  value: '数值',
  note: '备注',
}

export interface CheckedItems {
  indicators: Map<number | string, ResolvedIndicator>
  reportingRules: Map<number, ReportingRule>
  valid: ValidItem[]
  errors: SubmissionErrorItem[]
  /** The valid items that would become new revisions (empty when all-or-nothing refused the batch). */
  toWrite: ValidItem[]
  /** Valid items equal to the value already in force: not a new revision. */
  unchanged: number
  /** What the rows that named an indicator or a place instead of giving its code were matched to. */
  matches: NameMatch[]
}

/**
 * Every per-row decision ingest makes about a batch, without writing anything: the worker stores the
 * outcome, the upload preview only shows it. One function so the preview can never disagree with ingest.
 */
export async function checkItems(
  db: Kysely<Database>,
  items: RawItem[],
  ctx: {
    departmentId: number | null
    asOf: string
    fromFile: boolean
    allOrNothing: boolean
    /** A history import (channel 'import'): only periods that have ended. */
    historyOnly?: boolean
    /** Errors in the same submission outside its value rows (the 任务进展 sheet): listed after these rows', and all-or-nothing counts them. */
    otherErrors?: SubmissionErrorItem[]
  },
): Promise<CheckedItems> {
  // Rows naming their indicator or place (a department's own sheet) get the codes they match first;
  // a name that matches nothing, or several, is that row's error, in row order with the others.
  let nameErrors: SubmissionErrorItem[] = []
  let matches: NameMatch[] = []
  if (items.some(needsNameMatch)) {
    // Matching a place by name needs the whole tree; a batch of codes reads only what it names (below).
    const jurisdictions = await db.selectFrom('jurisdictions').select(['code', 'name', 'parent_code']).execute()
    const named = matchNames(items, {
      indicators: await nameableIndicators(db, ctx.departmentId),
      jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name, parentCode: j.parent_code })),
    })
    items = named.items
    nameErrors = named.errors
    matches = named.matches
  }
  const indicators = await resolveIndicators(
    db,
    items.map((i) => normaliseRef(i.indicator)).filter((r): r is number | string => r !== null),
    ctx.departmentId,
  )
  const ids = [...new Set([...indicators.values()].map((i) => i.id))]
  const owned =
    ctx.departmentId !== null ? new Set([...indicators.values()].filter((i) => i.owned).map((i) => i.id)) : null
  const reportingRules = await loadReportingRules(db, ids)
  const parents = await namedPlaces(db, [
    ...items.flatMap((i) => placeCode(i.jurisdiction) ?? []),
    ...[...indicators.values()].map((i) => i.jurisdictionCode),
  ])
  const derivedOnly = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom('indicator_rollups as r')
            .innerJoin('indicators as i', 'i.id', 'r.indicator_id')
            .leftJoin('jurisdictions as j', 'j.code', 'i.jurisdiction_code')
            .select(['r.indicator_id', 'i.jurisdiction_code', 'j.name'])
            .where('r.indicator_id', '=', anyInt(ids))
            .where('r.own_value', '=', 'derived')
            .execute()
        ).map((r) => [r.indicator_id, r.name ?? r.jurisdiction_code]),
  )
  const { valid, errors: rowErrors } = validateItems(items, {
    derivedOnly,
    indicators,
    owned,
    parents,
    asOf: ctx.asOf,
    lockedOn: periodLockCheck(reportingRules, ctx.asOf),
    historyOnly: ctx.historyOnly ?? false,
    columns: ctx.fromFile ? fileColumns : jsonColumns,
  })

  const errors = nameErrors.length === 0 ? rowErrors : [...rowErrors, ...nameErrors].sort((a, b) => a.row - b.row)
  errors.push(...(ctx.otherErrors ?? []))
  const toWrite: ValidItem[] = []
  let unchanged = 0
  if (ctx.allOrNothing && errors.length > 0) {
    errors.push({
      row: 0,
      column: null,
      code: 'all_or_nothing',
      message: `有${errors.length}行错误,按“全部成功才接收”的要求,本次提交的数据均未采用`,
    })
  } else {
    const current = await currentValues(db, valid)
    for (const v of valid) {
      const prev = current.get(`${v.indicatorId}|${v.jurisdictionCode}|${v.periodKey}`)
      // Re-sending the value already in force is not a new revision: a repeated batch changes nothing.
      // Attaching new evidence to the same value is a revision, so the history shows the file.
      const sameEvidence = v.evidenceId === null || v.evidenceId === prev?.evidenceId
      if (prev !== undefined && Math.abs(prev.value - v.value) <= 1e-9 * Math.max(1, Math.abs(v.value)) && sameEvidence)
        unchanged++
      else toWrite.push(v)
    }
  }
  return { indicators, reportingRules, valid, errors, toWrite, unchanged, matches }
}

/** The indicators a row may name: the department's own (lead or cooperating), or all for an administrator. */
async function nameableIndicators(db: Kysely<Database>, departmentId: number | null): Promise<NamedIndicator[]> {
  let q = db
    .selectFrom('indicators as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['i.key', 'p.key as plan_key', 'i.name', 'i.jurisdiction_code'])
    .orderBy('i.id')
  if (departmentId !== null) {
    q = q.where('i.id', 'in', (eb) =>
      eb.selectFrom('indicator_departments').select('indicator_id').where('department_id', '=', departmentId),
    )
  }
  return (await q.execute()).map((r) => ({
    code: `${r.plan_key}/${r.key}`,
    name: r.name,
    jurisdictionCode: r.jurisdiction_code,
  }))
}

/** A row's place code as `validateItems` reads it (trimmed text or a number); null when the row leaves it to the indicator. */
function placeCode(raw: unknown): string | null {
  const t = typeof raw === 'string' ? raw.trim() : raw
  return t === undefined || t === null || t === '' ? null : String(t)
}

/**
 * Each well-formed code the batch names, with its ancestors, as code → parent: what `validateItems` needs to
 * tell an unknown place from one outside the indicator's jurisdiction. Walked up in SQL: at national scale
 * every submission reading the whole tree (3,000+ rows) cost more than checking its rows.
 */
async function namedPlaces(db: Kysely<Database>, codes: string[]): Promise<Map<string, string | null>> {
  const wanted = [...new Set(codes.filter((c) => /^\d{6}$/.test(c)))]
  if (wanted.length === 0) return new Map()
  const { rows } = await sql<{ code: string; parent_code: string | null }>`
    with recursive up(code, parent_code) as (
      select code, parent_code from jurisdictions where code = any(${wanted}::text[])
      union
      select j.code, j.parent_code from jurisdictions j join up on j.code = up.parent_code
    )
    select code, parent_code from up`.execute(db)
  return new Map(rows.map((r) => [r.code, r.parent_code]))
}

function normaliseRef(raw: unknown): number | string | null {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw
  if (typeof raw !== 'string') return null
  const t = raw.trim()
  return /^\d+$/.test(t) ? Number(t) : t
}

/**
 * The reported value in force, or waiting for review, for each (indicator, jurisdiction, period) the batch
 * touches (re-sending a returned value is a new revision that goes to review again; a derived roll-up
 * is not a report, so a parent's own report equal to it is still stored): three array
 * parameters and one index probe per key. (A list of 1,000 tuples in `IN (…)` costs PostgreSQL more to
 * plan than to run, and breaks PGlite outright.)
 */
async function currentValues(
  db: Kysely<Database>,
  items: ValidItem[],
): Promise<Map<string, { value: number; evidenceId: string | null }>> {
  const out = new Map<string, { value: number; evidenceId: string | null }>()
  if (items.length === 0) return out
  const rows = await sql<{
    indicator_id: number
    jurisdiction_code: string
    period_key: string
    value: number
    evidence_id: string | null
  }>`
    select k.i as indicator_id, k.j as jurisdiction_code, k.p as period_key, o.value, o.evidence_id
    from unnest(${items.map((v) => v.indicatorId)}::int[], ${items.map((v) => v.jurisdictionCode)}::text[], ${items.map((v) => v.periodKey)}::text[]) as k(i, j, p)
    cross join lateral (
      select value, evidence_id from observations o
      where o.indicator_id = k.i and o.jurisdiction_code = k.j and o.period_key = k.p and o.review_state <> 'returned' and o.source <> 'rollup'
      order by o.revision desc, o.id desc limit 1
    ) o`.execute(db)
  for (const r of rows.rows)
    out.set(`${r.indicator_id}|${r.jurisdiction_code}|${r.period_key}`, { value: r.value, evidenceId: r.evidence_id })
  return out
}
