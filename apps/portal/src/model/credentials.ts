import type { TableAccess } from './table-view.js'

/** What a department's API token and a wall's display key share in a list: never the secret, only its prefix. */
export type Credential = {
  id: number
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export const credentialState = (c: Credential): 'active' | 'revoked' => (c.revokedAt ? 'revoked' : 'active')

export const credentialStateFilters = [
  { text: '有效', value: 'active' },
  { text: '已吊销', value: 'revoked' },
]

/**
 * Sorting, the state filter and the search of a credential list; `scopeOf` names what the credential
 * acts for (a department, a jurisdiction), which the search also looks in.
 */
export function credentialAccess<T extends Credential>(scopeOf: (c: T) => string): TableAccess<T> {
  return {
    sortValue: (c, prop) =>
      prop === 'createdAt'
        ? c.createdAt
        : prop === 'lastUsedAt'
          ? c.lastUsedAt
          : prop === 'scope'
            ? scopeOf(c)
            : c.name,
    filterValue: (c) => credentialState(c),
    searchText: (c) => `${c.name} ${c.prefix} ${scopeOf(c)}`,
  }
}
