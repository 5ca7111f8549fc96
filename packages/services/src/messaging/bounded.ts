/** A Redis operation that did not answer in time (a stalled server: the connection is open, nothing replies). */
export class RedisTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer from Redis within ${ms} ms`)
    this.name = 'RedisTimeoutError'
  }
}

/**
 * Waits for `op` at most `ms`; the operation itself goes on (a late answer completes it, e.g. the job is
 * added once a stalled Redis resumes). When the timer fires the verdict waits for one turn of the event
 * loop's I/O phase (setImmediate runs after it): a reply that arrived while the loop was busy with other
 * work (a big upload, PGlite) is read first, so a blocked loop does not pass for a stalled Redis.
 */
export function withinMs<T>(op: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return
        settled = true
        reject(new RedisTimeoutError(what, ms))
      })
    }, ms)
    op.then(
      (v) => {
        clearTimeout(timer)
        if (settled) return
        settled = true
        resolve(v)
      },
      (err: unknown) => {
        clearTimeout(timer)
        if (settled) return
        settled = true
        reject(err)
      },
    )
  })
}
