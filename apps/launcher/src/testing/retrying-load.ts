/**
 * Clients as an operator's integrations behave: a new single-value submission every 1/rate seconds, each
 * with its own Idempotency-Key, sent again after a network error, a timeout or a 5xx/429 answer (waiting
 * what Retry-After says, at most 2 s) until the API acknowledges it with 202.
 */
export interface LoadOptions {
  baseUrl: string
  token: string
  ratePerSecond: number
  /** The JSON body of the n-th submission. */
  body: (n: number) => unknown
  /** Idempotency keys are `${keyPrefix}-${n}`. */
  keyPrefix: string
  /** Give up on one submission after this long (it then counts as abandoned). */
  giveUpMs?: number
}

export interface LoadStats {
  started: number
  /** Idempotency key → submission id, for each submission the API acknowledged. */
  acknowledged: Map<string, string>
  /** Wall-clock instants of the acknowledgements. */
  ackTimes: number[]
  abandoned: number
  /** Answers other than 202 and failed requests, by status ('network' for no answer). */
  clientErrors: Record<string, number>
  /** Answers that retrying cannot fix (4xx other than 408/429): a test expects none. */
  refused: { status: number; body: string }[]
}

export interface Load {
  stats: LoadStats
  /** Stops starting new submissions and waits until every started one is acknowledged or abandoned. */
  stop(): Promise<LoadStats>
}

const retryable = (status: number) => status >= 500 || status === 408 || status === 429

export function startLoad(opts: LoadOptions): Load {
  const giveUpMs = opts.giveUpMs ?? 300_000
  const stats: LoadStats = {
    started: 0,
    acknowledged: new Map(),
    ackTimes: [],
    abandoned: 0,
    clientErrors: {},
    refused: [],
  }
  const inFlight = new Set<Promise<void>>()
  const error = (kind: string) => {
    stats.clientErrors[kind] = (stats.clientErrors[kind] ?? 0) + 1
  }

  const submit = async (n: number) => {
    const key = `${opts.keyPrefix}-${n}`
    const body = JSON.stringify(opts.body(n))
    const giveUpAt = Date.now() + giveUpMs
    while (Date.now() < giveUpAt) {
      let wait = 300
      try {
        const res = await fetch(`${opts.baseUrl}/api/v1/submissions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${opts.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        })
        const text = await res.text()
        if (res.status === 202) {
          stats.acknowledged.set(key, (JSON.parse(text) as { id: string }).id)
          stats.ackTimes.push(Date.now())
          return
        }
        error(String(res.status))
        if (!retryable(res.status)) return void stats.refused.push({ status: res.status, body: text.slice(0, 300) })
        const after = Number(res.headers.get('retry-after'))
        if (after > 0) wait = Math.min(after * 1000, 2000)
      } catch {
        error('network')
      }
      await new Promise((r) => setTimeout(r, wait))
    }
    stats.abandoned++
  }

  let n = 0
  const timer = setInterval(() => {
    const p = submit(n++).finally(() => inFlight.delete(p))
    inFlight.add(p)
    stats.started = n
  }, 1000 / opts.ratePerSecond)

  return {
    stats,
    async stop() {
      clearInterval(timer)
      while (inFlight.size) await Promise.allSettled([...inFlight])
      return stats
    },
  }
}

/** Total of the answers other than 202 (and requests with no answer). */
export const errorTotal = (s: LoadStats) => Object.values(s.clientErrors).reduce((a, b) => a + b, 0)

/** Milliseconds from `t` to the first acknowledgement after it (null: none). */
export function firstAckAfter(s: LoadStats, t: number): number | null {
  const next = s.ackTimes.filter((a) => a >= t).sort((a, b) => a - b)[0]
  return next === undefined ? null : next - t
}
