import { AsyncLocalStorage } from 'node:async_hooks'

// Per-async-context stopwatch: each processSubmission call gets its own, totals are summed across calls.
const store = new AsyncLocalStorage<{ last: number }>()
export const totals = new Map<string, number>()
export function mark(label: string) {
  const s = store.getStore()
  if (!s) return
  const t = performance.now()
  totals.set(label, (totals.get(label) ?? 0) + (t - s.last))
  s.last = t
}
export const withStopwatch = <T>(fn: () => Promise<T>) => store.run({ last: performance.now() }, fn)
