import { computed, type Ref } from 'vue'
import { findJurisdiction, subtreeCodes } from '../model/overview.js'
import { useClockStore } from '../stores/clock.js'
import { useDataStore } from '../stores/data.js'

/** The slice of the data a page shows: the jurisdiction in view and everything below it. */
export function useScope(code: Ref<string | null>) {
  const data = useDataStore()
  const clock = useClockStore()
  const codes = computed(() => subtreeCodes(data.tree, code.value))
  const node = computed(() => (code.value ? findJurisdiction(data.tree, code.value) : null))
  return {
    data,
    clock,
    codes,
    node,
    name: computed(() => node.value?.name ?? '全部地区'),
    indicators: computed(() => data.indicators.filter((i) => codes.value.has(i.jurisdictionCode))),
    alerts: computed(() => data.alerts.filter((a) => codes.value.has(a.jurisdictionCode))),
    rates: computed(() =>
      data.rates
        .filter((r) => r.jurisdictionCode !== null && codes.value.has(r.jurisdictionCode) && r.due > 0)
        .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || b.due - a.due),
    ),
    overdue: computed(() => data.overdue.filter((o) => codes.value.has(o.jurisdictionCode))),
    /** The 重点任务 summary of the jurisdiction in view (fetched on first use; null until it arrives). */
    taskSummary: computed(() => data.taskSummary(code.value)),
  }
}
