import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { descendantCodes } from './jurisdictions.js'
import { assertFilterInScope, type ReadScope } from './scope.js'

/**
 * The jurisdiction conditions of a list read by a caller, each a set of codes the row's jurisdiction must be
 * among: the caller's scope (a filter outside it is refused first), then the filter's jurisdiction, with every
 * one below it when `descendants` asks.
 */
export async function jurisdictionFilters(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { jurisdiction?: string | undefined; descendants?: boolean | undefined },
): Promise<string[][]> {
  assertFilterInScope(scope, filter.jurisdiction)
  const out = scope === null ? [] : [[...scope]]
  if (filter.jurisdiction)
    out.push(filter.descendants ? await descendantCodes(db, filter.jurisdiction) : [filter.jurisdiction])
  return out
}
