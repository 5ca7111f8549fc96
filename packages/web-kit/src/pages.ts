/** One page of a keyset-paged API list (`GET /api/v1/indicators`): `nextCursor` is null on the last page. */
export interface KeysetPage<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * Every page of a keyset-paged list, in order: for views that must hold the whole of their scope (a wall's
 * indicators, a department's own list), where a first page alone would silently drop the rest. A cursor that
 * repeats means the server is not advancing: refused rather than looping forever.
 */
export async function readAllPages<T>(fetchPage: (after: string | undefined) => Promise<KeysetPage<T>>): Promise<T[]> {
  const items: T[] = []
  const seen = new Set<string>()
  let after: string | undefined
  for (;;) {
    const page = await fetchPage(after)
    items.push(...page.items)
    if (page.nextCursor === null) return items
    if (seen.has(page.nextCursor)) throw new Error(`分页游标重复(${page.nextCursor}),列表未能读完`)
    seen.add(page.nextCursor)
    after = page.nextCursor
  }
}
