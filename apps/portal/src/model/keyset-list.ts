import { errorMessage } from '@cockpit/web-kit'
import { computed, ref, shallowRef } from 'vue'

/** One page of a keyset-paged API list (`GET /api/v1/indicators`): `nextCursor` null on the last page. */
export type KeysetPage<T> = { items: T[]; total: number; nextCursor: string | null }

/**
 * A list the API answers a page at a time, loaded page by page into the page's memory: `reload(query)` starts over
 * from the first page, `more()` appends the next one. An answer to a query the user has since replaced is dropped,
 * so a slow 加载更多 never mixes into the rows of a newer filter.
 */
export function useKeysetList<T, Q>(fetchPage: (query: Q, after: string | undefined) => Promise<KeysetPage<T>>) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The first page of the current query has arrived: until then there is no total to show. */
  const answered = ref(false)
  let query: Q | undefined
  let generation = 0

  async function fetchInto(q: Q, after: string | undefined, append: boolean) {
    const mine = ++generation
    loading.value = true
    try {
      const page = await fetchPage(q, after)
      if (mine !== generation) return
      items.value = append ? [...items.value, ...page.items] : page.items
      total.value = page.total
      nextCursor.value = page.nextCursor
      answered.value = true
      error.value = null
    } catch (e) {
      if (mine !== generation) return
      error.value = errorMessage(e)
      // A failed first page leaves no rows of an older query on screen under the new filters.
      if (!append) {
        items.value = []
        nextCursor.value = null
        answered.value = false
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return {
    items,
    loading,
    error,
    answered,
    /** Every page has been loaded: the rows held are the whole answer. */
    complete: computed(() => nextCursor.value === null),
    /**
     * How many rows match in all. Once every page is loaded, the rows held: the API counts before a filter it can
     * only judge row by row (an indicator's status before it was first computed), so its total may run above.
     */
    total: computed(() => (nextCursor.value === null ? items.value.length : Math.max(total.value, items.value.length))),
    reload: (q: Q) => {
      query = q
      return fetchInto(q, undefined, false)
    },
    more: async () => {
      if (query === undefined || nextCursor.value === null || loading.value) return
      await fetchInto(query, nextCursor.value, true)
    },
  }
}
