import { describe, expect, it } from 'vitest'
import { type TableState, tableView } from './table-view.js'

type Row = { name: string; n: number | null; role: string }
const rows: Row[] = [
  { name: '乙', n: 3, role: 'admin' },
  { name: '甲', n: null, role: 'reporter' },
  { name: '丙', n: 1, role: 'reporter' },
  { name: '丁', n: 2, role: 'manager' },
]
const access = {
  sortValue: (r: Row, p: string) => (p === 'n' ? r.n : r.name),
  filterValue: (r: Row) => r.role,
  searchText: (r: Row) => r.name,
}
const state = (s: Partial<TableState> = {}): TableState => ({
  sort: { prop: null, order: null },
  filters: {},
  search: '',
  page: 1,
  pageSize: 2,
  ...s,
})

describe('tableView', () => {
  it('sorts the whole list before paging, empty values last either way', () => {
    expect(tableView(rows, state({ sort: { prop: 'n', order: 'ascending' } }), access).rows.map((r) => r.n)).toEqual([
      1, 2,
    ])
    expect(
      tableView(rows, state({ sort: { prop: 'n', order: 'ascending' }, page: 2 }), access).rows.map((r) => r.n),
    ).toEqual([3, null])
    expect(
      tableView(rows, state({ sort: { prop: 'n', order: 'descending' }, page: 2 }), access).rows.map((r) => r.n),
    ).toEqual([1, null])
  })
  it('keeps the server order when nothing is sorted, and counts what the filters leave', () => {
    expect(tableView(rows, state({ pageSize: 10 }), access).rows.map((r) => r.name)).toEqual(['乙', '甲', '丙', '丁'])
    const v = tableView(rows, state({ filters: { role: ['reporter', 'manager'] } }), access)
    expect(v.total).toBe(3)
    expect(v.rows.map((r) => r.name)).toEqual(['甲', '丙'])
  })
  it('searches the row text and clamps a page past the end to the last one', () => {
    expect(tableView(rows, state({ search: '丁' }), access)).toEqual({ rows: [rows[3]], total: 1 })
    expect(tableView(rows, state({ page: 9 }), access).rows.map((r) => r.name)).toEqual(['丙', '丁'])
  })
})
