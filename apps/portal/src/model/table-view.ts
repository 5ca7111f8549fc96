import { computed, reactive, type Ref, watch } from 'vue'

/** ElTable's sort-change payload: `order` null when the user turns sorting off. */
export type TableSort = { prop: string | null; order: 'ascending' | 'descending' | null }
export type TableState = {
  sort: TableSort
  filters: Record<string, string[]>
  search: string
  page: number
  pageSize: number
}
export type TableAccess<T> = {
  /** The value a column sorts by (numbers and ISO dates compare as such; null sorts last). */
  sortValue: (row: T, prop: string) => string | number | null
  /** The value a column filters on (ElTable column filters, by `column-key`); absent: no column filters. */
  filterValue?: (row: T, key: string) => string
  /** The text a free-text search looks in; absent: no search. */
  searchText?: (row: T) => string
}

/**
 * One page of a list the portal holds whole (the API answers up to a few hundred rows), sorted and filtered
 * over the whole list before paging: ElTable's own sort and filters would only see the page on screen.
 */
export function tableView<T>(
  items: readonly T[],
  state: TableState,
  access: TableAccess<T>,
): { rows: T[]; total: number } {
  const needle = state.search.trim().toLowerCase()
  let rows = items.filter((row) => {
    if (needle && access.searchText && !access.searchText(row).toLowerCase().includes(needle)) return false
    for (const [key, values] of Object.entries(state.filters)) {
      if (values.length && access.filterValue && !values.includes(access.filterValue(row, key))) return false
    }
    return true
  })
  const { prop, order } = state.sort
  if (prop && order) {
    const sign = order === 'ascending' ? 1 : -1
    rows = rows
      .map((row, i) => ({ row, i, v: access.sortValue(row, prop) }))
      .sort((a, b) => {
        if (a.v === b.v) return a.i - b.i
        if (a.v === null) return 1
        if (b.v === null) return -1
        const c =
          typeof a.v === 'number' && typeof b.v === 'number'
            ? a.v - b.v
            : String(a.v).localeCompare(String(b.v), 'zh-CN')
        return c * sign || a.i - b.i
      })
      .map((x) => x.row)
  }
  const total = rows.length
  const pages = Math.max(1, Math.ceil(total / state.pageSize))
  const page = Math.min(Math.max(1, state.page), pages)
  return { rows: rows.slice((page - 1) * state.pageSize, page * state.pageSize), total }
}

/** Reactive state and ElTable/ElPagination handlers around `tableView`; a new sort, filter or search goes back to page 1. */
export function useTableView<T>(
  items: Ref<readonly T[]>,
  access: TableAccess<T>,
  initial: { sort?: TableSort; pageSize?: number } = {},
) {
  const state = reactive<TableState>({
    sort: initial.sort ?? { prop: null, order: null },
    filters: {},
    search: '',
    page: 1,
    pageSize: initial.pageSize ?? 20,
  })
  const view = computed(() => tableView(items.value, state, access))
  watch(
    () => state.search,
    () => (state.page = 1),
  )
  return {
    state,
    rows: computed(() => view.value.rows),
    total: computed(() => view.value.total),
    onSortChange: (s: { prop: string | null; order: TableSort['order'] }) => {
      state.sort = { prop: s.prop, order: s.order }
      state.page = 1
    },
    onFilterChange: (f: Record<string, (string | number | boolean)[]>) => {
      state.filters = { ...state.filters, ...Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.map(String)])) }
      state.page = 1
    },
  }
}

/** What `useTableView` gives a page: `ListTable` takes it whole. */
export type TableView<T> = ReturnType<typeof useTableView<T>>

/** ElTableColumn's slot gives each row untyped (`DefaultRow`): `const u = rowOf<User>()` then `u(row).name` in a cell. */
export const rowOf =
  <T>() =>
  (row: unknown) =>
    row as T
