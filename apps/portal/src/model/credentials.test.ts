import { describe, expect, it } from 'vitest'
import { type Credential, credentialAccess, credentialState } from './credentials.js'
import { tableView } from './table-view.js'

const c = (id: number, name: string, over: Partial<Credential> = {}): Credential & { scope: string } => ({
  id,
  name,
  prefix: `ck_${id}`,
  createdAt: `2026-01-0${id}T00:00:00Z`,
  lastUsedAt: null,
  revokedAt: null,
  scope: id % 2 ? '南昌市' : '九江市',
  ...over,
})
const items = [
  c(1, '乙'),
  c(2, '甲', { revokedAt: '2026-02-01T00:00:00Z', lastUsedAt: '2026-01-20T00:00:00Z' }),
  c(3, '丙'),
]
const access = credentialAccess<(typeof items)[number]>((x) => x.scope)
const state = (over: object = {}) => ({
  sort: { prop: null, order: null },
  filters: {},
  search: '',
  page: 1,
  pageSize: 20,
  ...over,
})

describe('credential lists', () => {
  it('tells a revoked credential from an active one', () => {
    expect(items.map(credentialState)).toEqual(['active', 'revoked', 'active'])
  })
  it('filters on the state and searches the name, prefix and scope', () => {
    expect(tableView(items, state({ filters: { state: ['revoked'] } }), access).rows.map((x) => x.id)).toEqual([2])
    expect(tableView(items, state({ search: 'CK_3' }), access).rows.map((x) => x.id)).toEqual([3])
    expect(tableView(items, state({ search: '九江' }), access).rows.map((x) => x.id)).toEqual([2])
  })
  it('sorts by last use with never-used keys last, and by creation', () => {
    const byUse = tableView(items, state({ sort: { prop: 'lastUsedAt', order: 'descending' } }), access)
    expect(byUse.rows.map((x) => x.id)).toEqual([2, 1, 3])
    const byCreated = tableView(items, state({ sort: { prop: 'createdAt', order: 'descending' } }), access)
    expect(byCreated.rows.map((x) => x.id)).toEqual([3, 2, 1])
  })
})
