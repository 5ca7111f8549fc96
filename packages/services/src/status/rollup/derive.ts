import type { Database, RollupChildSource } from '@cockpit/db'
import { activeTarget, rollup, type RollupChild } from '@cockpit/domain'
import { type Kysely, sql } from 'kysely'
import { indicatorSpec } from '../../kernel/status-view.js'
import { drivesSql } from '../../kernel/counts.js'

/** A value that changed (or may have) for one period of one indicator at one jurisdiction. */
export interface PeriodPair {
  indicatorId: number
  jurisdictionCode: string
  periodKey: string
}

interface Rule {
  indicatorId: number
  rule: 'sum' | 'mean' | 'weighted-mean' | 'min' | 'max' | 'share-meeting'
  weightIndicatorId: number | null
  minCoverage: number
  ownValue: 'derived' | 'reported'
  /** The indicator's own jurisdiction: the top of its roll-up. */
  top: string
}

interface Tree {
  parent: Map<string, string | null>
  /** Non-retired direct children per code. */
  children: Map<string, string[]>
}

const VALUE_EPSILON = 1e-9
const sameValue = (a: number, b: number) => Math.abs(a - b) <= VALUE_EPSILON * Math.max(1, Math.abs(a), Math.abs(b))
const pairKey = (p: PeriodPair) => `${p.indicatorId}|${p.jurisdictionCode}|${p.periodKey}`

/**
 * Derives the roll-up of every ancestor of each changed child, up to the indicator's own jurisdiction,
 * bottom-up (a county's value reaches its city's roll-up before the city's reaches the province's). For
 * each (indicator, parent, period) it aggregates the direct non-retired children's values in force and
 * inserts an observation (source 'rollup') with its provenance when value or coverage differs from the
 * current roll-up: the same inputs insert nothing. Returns the parents whose roll-up was inserted, so the
 * caller recomputes their statuses in the same transaction and publishes them after commit.
 *
 * A parent's own reported value in force wins (nothing derived for that period) when the rule says
 * own_value 'reported', and always below the indicator's own jurisdiction (a city that reports itself is
 * one child to its province). With 'derived' such a report for the indicator's own jurisdiction is
 * refused by `checkItems` (`rollupRefusal`).
 */
export async function deriveRollups(trx: Kysely<Database>, pairs: PeriodPair[], now: Date): Promise<PeriodPair[]> {
  if (pairs.length === 0) return []
  const withWeights = await addWeightedDependants(trx, pairs)
  const rules = await loadRules(trx, [...new Set(withWeights.map((p) => p.indicatorId))])
  if (rules.size === 0) return []
  const tree = await loadTree(trx)

  // Every parent to derive, with its depth (distance from the root) so deeper ones go first.
  const targets = new Map<string, PeriodPair & { depth: number }>()
  for (const p of withWeights) {
    const rule = rules.get(p.indicatorId)
    if (!rule) continue
    const chain = ancestorsUpTo(tree, p.jurisdictionCode, rule.top)
    for (const code of chain) {
      const t = {
        indicatorId: p.indicatorId,
        jurisdictionCode: code,
        periodKey: p.periodKey,
        depth: depthOf(tree, code),
      }
      targets.set(pairKey(t), t)
    }
  }
  if (targets.size === 0) return []
  const ordered = [...targets.values()].sort(
    (a, b) =>
      b.depth - a.depth || a.indicatorId - b.indicatorId || a.jurisdictionCode.localeCompare(b.jurisdictionCode),
  )
  // Two transactions deriving one parent at once would both insert: serialise on the same per-pair lock
  // the status recompute takes (sorted in one statement, so no deadlock; re-entrant for the recompute).
  const lockKeys = [...new Map(ordered.map((t) => [`${t.indicatorId}|${t.jurisdictionCode}`, t])).values()]
  await sql`select pg_advisory_xact_lock(k.i, hashtext(k.j)) from (values ${sql.join(
    lockKeys.map((k) => sql`(${k.indicatorId}::int, ${k.jurisdictionCode}::text)`),
  )}) as k(i, j) order by k.i, k.j`.execute(trx)

  const targetsById = await loadTargets(trx, [
    ...new Set(ordered.filter((t) => rules.get(t.indicatorId)!.rule === 'share-meeting').map((t) => t.indicatorId)),
  ])
  const derived: PeriodPair[] = []
  for (const t of ordered) {
    const rule = rules.get(t.indicatorId)!
    if (await derivePair(trx, rule, tree, t, targetsById.get(t.indicatorId), now))
      derived.push({ indicatorId: t.indicatorId, jurisdictionCode: t.jurisdictionCode, periodKey: t.periodKey })
  }
  return derived
}

/** Every period with values below the indicator's own jurisdiction, derived again: after a rule is set or changed. */
export async function deriveIndicator(trx: Kysely<Database>, indicatorId: number, now: Date): Promise<PeriodPair[]> {
  const ind = await trx
    .selectFrom('indicators')
    .select('jurisdiction_code')
    .where('id', '=', indicatorId)
    .executeTakeFirst()
  if (!ind) return []
  const rows = await trx
    .selectFrom('observations')
    .select(['jurisdiction_code', 'period_key'])
    .distinct()
    .where('indicator_id', '=', indicatorId)
    .where('jurisdiction_code', '<>', ind.jurisdiction_code)
    .where('source', '<>', 'rollup')
    .execute()
  return deriveRollups(
    trx,
    rows.map((r) => ({ indicatorId, jurisdictionCode: r.jurisdiction_code, periodKey: r.period_key })),
    now,
  )
}

async function derivePair(
  trx: Kysely<Database>,
  rule: Rule,
  tree: Tree,
  t: PeriodPair,
  targets:
    | {
        due_date: string
        comparator: 'gte' | 'lte' | 'eq' | 'range'
        value: number
        value_max: number | null
        direction: 'higher' | 'lower'
        measure: 'percent' | 'count' | 'quantity'
      }[]
    | undefined,
  now: Date,
): Promise<boolean> {
  // A parent's own report in force wins, unless the rule makes the indicator's own jurisdiction derived-only.
  if (rule.ownValue === 'reported' || t.jurisdictionCode !== rule.top) {
    const own = await sql<{ one: number }>`
      select 1 as one from observations o
      where o.indicator_id = ${t.indicatorId} and o.jurisdiction_code = ${t.jurisdictionCode} and o.period_key = ${t.periodKey}
        and o.source <> 'rollup' and ${drivesSql('o')} limit 1`.execute(trx)
    if (own.rows.length > 0) return false
  }
  const codes = tree.children.get(t.jurisdictionCode) ?? []
  if (codes.length === 0) return false
  const values = await valuesInForce(trx, t.indicatorId, codes, t.periodKey)
  if (values.length === 0) return false
  const periodEnd = values[0]!.period_end
  const weights =
    rule.weightIndicatorId !== null ? await weightsAt(trx, rule.weightIndicatorId, codes, periodEnd) : null
  const children: (RollupChild & { source: RollupChildSource })[] = values.map((v) => {
    const weight = weights?.get(v.jurisdiction_code)
    const source: RollupChildSource = {
      code: v.jurisdiction_code,
      observationId: String(v.id),
      revision: Number(v.revision),
      value: v.value,
    }
    if (weight !== undefined) source.weight = weight
    return { code: v.jurisdiction_code, value: v.value, weight: weight ?? null, source }
  })
  let target = null
  if (rule.rule === 'share-meeting' && targets && targets.length > 0) {
    const spec = indicatorSpec(
      { direction: targets[0]!.direction, measure: targets[0]!.measure, baseline_year: null, baseline_value: null },
      targets,
    )
    target = { point: activeTarget(spec, periodEnd), direction: targets[0]!.direction }
  }
  const r = rollup({ rule: rule.rule, children, expected: codes.length, minCoverage: rule.minCoverage, target })
  if (r.value === null) return false

  const current = await trx
    .selectFrom('observations as o')
    .leftJoin('rollup_provenance as rp', 'rp.observation_id', 'o.id')
    .select(['o.value', 'rp.reported', 'rp.expected', 'rp.complete'])
    .where('o.indicator_id', '=', t.indicatorId)
    .where('o.jurisdiction_code', '=', t.jurisdictionCode)
    .where('o.period_key', '=', t.periodKey)
    .where('o.source', '=', 'rollup')
    .orderBy('o.revision', 'desc')
    .orderBy('o.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (
    current &&
    sameValue(current.value, r.value) &&
    current.reported === r.coverage.reported &&
    current.expected === r.coverage.expected &&
    current.complete === r.complete
  )
    return false

  const used = new Set(
    children.filter((c) => rule.rule !== 'weighted-mean' || typeof c.weight === 'number').map((c) => c.code),
  )
  const inserted = await trx
    .insertInto('observations')
    .values({
      indicator_id: t.indicatorId,
      jurisdiction_code: t.jurisdictionCode,
      period_key: t.periodKey,
      period_end: periodEnd,
      value: r.value,
      submission_id: null,
      item_seq: null,
      source: 'rollup',
      department_id: null,
      user_id: null,
      token_id: null,
      note: null,
      reason: null,
      reported_at: now,
      review_state: 'none',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('rollup_provenance')
    .values({
      observation_id: String(inserted.id),
      children: JSON.stringify(children.filter((c) => used.has(c.code)).map((c) => c.source)),
      reported: r.coverage.reported,
      expected: r.coverage.expected,
      complete: r.complete,
    })
    .execute()
  return true
}

/** The value in force (newest driving revision) of each child for the period. */
async function valuesInForce(trx: Kysely<Database>, indicatorId: number, codes: string[], periodKey: string) {
  const rows = await sql<{
    id: string
    revision: number
    jurisdiction_code: string
    period_end: string
    value: number
  }>`
    select distinct on (o.jurisdiction_code) o.id, o.revision, o.jurisdiction_code, o.period_end, o.value from observations o
    where o.indicator_id = ${indicatorId} and o.jurisdiction_code = any(${codes}::text[]) and o.period_key = ${periodKey} and ${drivesSql('o')}
    order by o.jurisdiction_code, o.revision desc, o.id desc`.execute(trx)
  return rows.rows
}

/** Each child's weight: the weight indicator's newest value in force for a period ending on or before the roll-up's. */
async function weightsAt(
  trx: Kysely<Database>,
  weightIndicatorId: number,
  codes: string[],
  periodEnd: string,
): Promise<Map<string, number>> {
  const rows = await sql<{ jurisdiction_code: string; value: number }>`
    select distinct on (o.jurisdiction_code) o.jurisdiction_code, o.value from observations o
    where o.indicator_id = ${weightIndicatorId} and o.jurisdiction_code = any(${codes}::text[]) and o.period_end <= ${periodEnd} and ${drivesSql('o')}
    order by o.jurisdiction_code, o.period_end desc, o.revision desc, o.id desc`.execute(trx)
  return new Map(rows.rows.map((r) => [r.jurisdiction_code, r.value]))
}

/**
 * A changed weight (系统数 of a city) changes the weighted mean of every indicator weighted by it: its
 * periods at that jurisdiction ending on or after the weight's period are derived again.
 */
async function addWeightedDependants(trx: Kysely<Database>, pairs: PeriodPair[]): Promise<PeriodPair[]> {
  const ids = [...new Set(pairs.map((p) => p.indicatorId))]
  const dependants = await trx
    .selectFrom('indicator_rollups')
    .select(['indicator_id', 'weight_indicator_id'])
    .where('weight_indicator_id', 'in', ids)
    .execute()
  if (dependants.length === 0) return pairs
  const out = new Map(pairs.map((p) => [pairKey(p), p]))
  for (const d of dependants) {
    for (const p of pairs.filter((x) => x.indicatorId === d.weight_indicator_id)) {
      const rows = await sql<{ period_key: string }>`
        select distinct o.period_key from observations o
        where o.indicator_id = ${d.indicator_id} and o.jurisdiction_code = ${p.jurisdictionCode} and o.source <> 'rollup'
          and o.period_end >= (select min(w.period_end) from observations w where w.indicator_id = ${p.indicatorId} and w.jurisdiction_code = ${p.jurisdictionCode} and w.period_key = ${p.periodKey})`.execute(
        trx,
      )
      for (const r of rows.rows) {
        const q = { indicatorId: d.indicator_id, jurisdictionCode: p.jurisdictionCode, periodKey: r.period_key }
        out.set(pairKey(q), q)
      }
    }
  }
  return [...out.values()]
}

async function loadRules(trx: Kysely<Database>, ids: number[]): Promise<Map<number, Rule>> {
  if (ids.length === 0) return new Map()
  const rows = await trx
    .selectFrom('indicator_rollups as r')
    .innerJoin('indicators as i', 'i.id', 'r.indicator_id')
    .select([
      'r.indicator_id',
      'r.rule',
      'r.weight_indicator_id',
      'r.min_coverage',
      'r.own_value',
      'i.jurisdiction_code',
    ])
    .where('r.indicator_id', 'in', ids)
    .execute()
  return new Map(
    rows.map((r) => [
      r.indicator_id,
      {
        indicatorId: r.indicator_id,
        rule: r.rule,
        weightIndicatorId: r.weight_indicator_id,
        minCoverage: Number(r.min_coverage),
        ownValue: r.own_value,
        top: r.jurisdiction_code,
      },
    ]),
  )
}

async function loadTargets(trx: Kysely<Database>, ids: number[]) {
  const out = new Map<number, Parameters<typeof derivePair>[4] & object>()
  if (ids.length === 0) return out
  const rows = await trx
    .selectFrom('indicator_targets as t')
    .innerJoin('indicators as i', 'i.id', 't.indicator_id')
    .select(['t.indicator_id', 't.due_date', 't.comparator', 't.value', 't.value_max', 'i.direction', 'i.measure'])
    .where('t.indicator_id', 'in', ids)
    .execute()
  for (const r of rows) out.set(r.indicator_id, [...(out.get(r.indicator_id) ?? []), r])
  return out
}

/** The jurisdiction tree: parents of every code, and the non-retired children that a roll-up expects. */
export async function loadTree(db: Kysely<Database>): Promise<Tree> {
  const rows = await db.selectFrom('jurisdictions').select(['code', 'parent_code', 'retired_at']).execute()
  const parent = new Map(rows.map((r) => [r.code, r.parent_code]))
  const children = new Map<string, string[]>()
  for (const r of rows) {
    if (r.parent_code === null || r.retired_at !== null) continue
    children.set(r.parent_code, [...(children.get(r.parent_code) ?? []), r.code])
  }
  return { parent, children }
}

/** The ancestors of `code` up to and including `top`, nearest first; empty when `code` is not below `top`. */
export function ancestorsUpTo(tree: Pick<Tree, 'parent'>, code: string, top: string): string[] {
  const out: string[] = []
  let cur = tree.parent.get(code) ?? null
  while (cur !== null) {
    out.push(cur)
    if (cur === top) return out
    cur = tree.parent.get(cur) ?? null
  }
  return []
}

function depthOf(tree: Pick<Tree, 'parent'>, code: string): number {
  let d = 0
  let cur = tree.parent.get(code) ?? null
  while (cur !== null && d < 10) {
    d++
    cur = tree.parent.get(cur) ?? null
  }
  return d
}
