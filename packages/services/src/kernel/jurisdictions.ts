import type { Jurisdiction, JurisdictionDetail, JurisdictionNode } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { inScope, type ReadScope } from './scope.js'
import { notFound } from './errors.js'
import { anyText } from './any-of.js'

/**
 * The jurisdictions in the scope (all when null), filtered in SQL: a county's manager never costs the whole country.
 * Each row carries its own indicator and plan counts (kept by triggers, 20261203T1000): counted per read they were
 * most of the country's tree.
 */
async function allJurisdictions(db: Kysely<Database>, scope: ReadScope = null): Promise<Jurisdiction[]> {
  let q = db
    .selectFrom('jurisdictions as j')
    .select(['j.code', 'j.name', 'j.level', 'j.parent_code', 'j.indicator_count', 'j.plan_count'])
    // A retired code (撤县设区) stays readable where something still hangs on it; otherwise it leaves the tree.
    .where((eb) => eb.or([eb('j.retired_at', 'is', null), eb('j.indicator_count', '>', 0), eb('j.plan_count', '>', 0)]))
    .orderBy('j.code')
  if (scope !== null) q = q.where('j.code', '=', anyText(scope))
  const rows = await q.execute()
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    indicatorCount: r.indicator_count,
    planCount: r.plan_count,
  }))
}

/**
 * Province → city → county, roots first, children by code. A scoped caller gets only the subtrees of
 * their jurisdictions, each rooted at the topmost one they may see.
 */
export async function jurisdictionTree(db: Kysely<Database>, scope: ReadScope): Promise<JurisdictionNode[]> {
  const all = await allJurisdictions(db, scope)
  // The rows are this call's own: give each its children in place rather than copy 3,000 objects.
  const nodes = new Map(all.map((j) => [j.code, Object.assign(j, { children: [] as JurisdictionNode[] })]))
  const roots: JurisdictionNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  return roots
}

/**
 * One jurisdiction with its ancestor chain (names only, for the breadcrumb, even above the caller's scope) and its
 * direct children. Only those rows are read: the drill page asks on every step, and the whole country's tree per
 * step cost more than the page's other reads together.
 */
export async function getJurisdiction(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
): Promise<JurisdictionDetail> {
  if (!inScope(scope, code)) throw notFound(`行政区划 ${code} `)
  const { rows } = await sql<{ code: string }>`
    with recursive up(code, parent_code) as (
      select code, parent_code from jurisdictions where code = ${code}
      union
      select j.code, j.parent_code from jurisdictions j join up on j.code = up.parent_code
    )
    select code from up
    union
    select code from jurisdictions where parent_code = ${code}`.execute(db)
  const read = await allJurisdictions(
    db,
    rows.map((r) => r.code),
  )
  const byCode = new Map(read.map((j) => [j.code, j]))
  const self = byCode.get(code)
  if (!self) throw notFound(`行政区划 ${code} `)
  const ancestors: Jurisdiction[] = []
  for (let p = self.parentCode; p; p = byCode.get(p)?.parentCode ?? null) {
    const a = byCode.get(p)
    if (!a) break
    ancestors.unshift(a)
  }
  return { ...self, ancestors, children: read.filter((j) => j.parentCode === code) }
}

/** The code itself and every code below it. */
export async function descendantCodes(db: Kysely<Database>, code: string): Promise<string[]> {
  return expandJurisdictions(db, [code])
}

/**
 * The codes and every code below any of them, each once (a principal's scope). Walked in SQL along
 * `jurisdictions_parent`: a display key resolves its scope on every request, and at national scale reading the
 * whole tree (3,000+ rows) into JavaScript per request cost more than the read it guarded.
 */
export async function expandJurisdictions(db: Kysely<Database>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const { rows } = await sql<{ code: string }>`
    with recursive scope(code, depth) as (
      select unnest(${sql.val([...new Set(codes)])}::text[]), 0
      union
      select j.code, s.depth + 1 from jurisdictions j join scope s on j.parent_code = s.code
    )
    select code from scope group by code order by min(depth), code`.execute(db)
  return rows.map((r) => r.code)
}
