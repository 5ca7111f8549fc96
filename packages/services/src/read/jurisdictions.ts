import type { Jurisdiction, JurisdictionDetail, JurisdictionNode } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { inScope, type ReadScope } from '../auth/scope.js'
import { notFound } from '../errors.js'
import { anyText } from '../sql/any-of.js'

/** The jurisdictions in the scope (all when null), filtered in SQL: a county's manager never costs the whole country. */
async function allJurisdictions(db: Kysely<Database>, scope: ReadScope = null): Promise<Jurisdiction[]> {
  let q = db
    .selectFrom('jurisdictions as j')
    .select((eb) => [
      'j.code',
      'j.name',
      'j.level',
      'j.parent_code',
      eb
        .selectFrom('indicators')
        .whereRef('indicators.jurisdiction_code', '=', 'j.code')
        .select(eb.fn.countAll<number>().as('n'))
        .as('indicator_count'),
      eb
        .selectFrom('plans')
        .whereRef('plans.jurisdiction_code', '=', 'j.code')
        .select(eb.fn.countAll<number>().as('n'))
        .as('plan_count'),
    ])
    // A retired code (撤县设区) stays readable where something still hangs on it; otherwise it leaves the tree.
    .where((eb) =>
      eb.or([
        eb('j.retired_at', 'is', null),
        eb.exists(eb.selectFrom('plans').whereRef('plans.jurisdiction_code', '=', 'j.code').select('plans.id')),
        eb.exists(
          eb.selectFrom('indicators').whereRef('indicators.jurisdiction_code', '=', 'j.code').select('indicators.id'),
        ),
      ]),
    )
    .orderBy('j.code')
  if (scope !== null) q = q.where('j.code', '=', anyText(scope))
  const rows = await q.execute()
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    indicatorCount: Number(r.indicator_count ?? 0),
    planCount: Number(r.plan_count ?? 0),
  }))
}

/**
 * Province → city → county, roots first, children by code. A scoped caller gets only the subtrees of
 * their jurisdictions, each rooted at the topmost one they may see.
 */
export async function jurisdictionTree(db: Kysely<Database>, scope: ReadScope): Promise<JurisdictionNode[]> {
  const all = await allJurisdictions(db, scope)
  const nodes = new Map(all.map((j) => [j.code, { ...j, children: [] as JurisdictionNode[] }]))
  const roots: JurisdictionNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  return roots
}

/** One jurisdiction with its ancestor chain (names only, for the breadcrumb, even above the caller's scope). */
export async function getJurisdiction(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
): Promise<JurisdictionDetail> {
  const all = await allJurisdictions(db)
  const byCode = new Map(all.map((j) => [j.code, j]))
  const self = byCode.get(code)
  if (!self || !inScope(scope, code)) throw notFound(`行政区划 ${code} `)
  const ancestors: Jurisdiction[] = []
  for (let p = self.parentCode; p; p = byCode.get(p)?.parentCode ?? null) {
    const a = byCode.get(p)
    if (!a) break
    ancestors.unshift(a)
  }
  return { ...self, ancestors, children: all.filter((j) => j.parentCode === code) }
}

/** The code itself and every code below it. */
export async function descendantCodes(db: Kysely<Database>, code: string): Promise<string[]> {
  return expandJurisdictions(db, [code])
}

/** Children by parent: the full tree has hundreds of codes, so walking it must not scan every row per code. */
function childrenByParent(rows: { code: string; parent_code: string | null }[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const r of rows) if (r.parent_code !== null) out.set(r.parent_code, [...(out.get(r.parent_code) ?? []), r.code])
  return out
}

/** The codes and every code below any of them, each once (a principal's scope). */
export async function expandJurisdictions(db: Kysely<Database>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const children = childrenByParent(await db.selectFrom('jurisdictions').select(['code', 'parent_code']).execute())
  const out = [...new Set(codes)]
  const seen = new Set(out)
  for (let i = 0; i < out.length; i++)
    for (const c of children.get(out[i]!) ?? [])
      if (!seen.has(c)) {
        seen.add(c)
        out.push(c)
      }
  return out
}
