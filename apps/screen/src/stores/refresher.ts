/**
 * One refetch at a time for something costly to compute on the server (a task summary): a request waits
 * `delayMs` so a burst of events costs one fetch, never starts within `minGapMs` of the previous start,
 * and a request while a fetch is running queues exactly one more after it (the running one may have read
 * the data before the change).
 */
export function refresher(fn: () => Promise<unknown>, delayMs: number, minGapMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false
  let again = false
  let lastStart = -Infinity
  const start = () => {
    timer = null
    running = true
    lastStart = Date.now()
    fn()
      .catch(() => undefined)
      .finally(() => {
        running = false
        if (again) {
          again = false
          request()
        }
      })
  }
  function request() {
    if (running) again = true
    else if (!timer) timer = setTimeout(start, Math.max(delayMs, lastStart + minGapMs - Date.now()))
  }
  return {
    request,
    clear() {
      if (timer) clearTimeout(timer)
      timer = null
      again = false
    },
  }
}
