import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { shanghaiDate } from '@cockpit/domain'
import type { Principal } from '@cockpit/services/kernel'
import type { EventHub } from '@cockpit/services/messaging'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.js'
import { acceptsGzip } from './accept-encoding.js'
import { JSON_GZIP } from './http-caching.js'

/** The reads every wall and portal page polls: shared by callers who see the same data. */
const SHARED_READS =
  /^\/api\/v1\/(indicators(\/\d+(\/observations|\/ranking)?)?|jurisdictions|plans|alerts|reporting\/(rates|overdue)|tasks(\/summary)?|rankings)$/

export interface SnapshotOptions {
  /** A snapshot is rebuilt at least this often even without a change event (a missed event, a Redis outage). */
  maxAgeMs: number
  /** Snapshots kept at most (least recently used dropped first), so the API's memory stays bounded. */
  maxEntries: number
}
export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = { maxAgeMs: 5_000, maxEntries: 500 }

interface Snapshot {
  version: number
  at: number
  body: ArrayBuffer
  contentType: string
  etag: string
  /** Compressed once, on the first caller that accepts gzip (walls do), instead of once per request. */
  gzip?: ArrayBuffer
}

/**
 * What decides a read's answer besides its URL: role, department (reporters) and jurisdictions (managers,
 * viewers, display keys). Callers with the same key get the same bytes; reads that depend on who the user is
 * (inbox, me, subscriptions) are not in SHARED_READS.
 */
const scopeKey = (p: Principal) => `${p.role}|${p.departmentId ?? ''}|${[...p.jurisdictions].sort().join(',')}`

/**
 * Snapshots of the shared reads, rebuilt when the data behind them changes: every change event the workers
 * publish (the same stream walls listen to, and this listener is registered before any wall's, so a wall that
 * refetches on an event never gets the old snapshot) and every write this process answers. Concurrent misses
 * for one key wait for one build, so a hundred walls cost one query per change, not a hundred per poll.
 * Without an event hub (no Redis) nothing is kept: there would be nothing to say when a snapshot is stale.
 */
export function readSnapshots(events: EventHub | undefined, opts: SnapshotOptions = DEFAULT_SNAPSHOT_OPTIONS) {
  let version = 0
  const store = new Map<string, Snapshot>()
  const building = new Map<string, Promise<Snapshot | null>>()
  const stats = { hits: 0, builds: 0, shared: 0 }
  const bump = () => {
    version++
  }
  events?.subscribe(bump)

  const serve = (s: Snapshot, how: string, acceptEncoding: string | undefined) => {
    const headers: Record<string, string> = { 'content-type': s.contentType, etag: s.etag, 'x-snapshot': how }
    headers.vary = 'Accept-Encoding'
    if (s.body.byteLength < 1024 || !acceptsGzip(acceptEncoding)) return new Response(s.body, { status: 200, headers })
    if (!s.gzip) {
      const z = gzipSync(new Uint8Array(s.body), JSON_GZIP)
      s.gzip = z.buffer.slice(z.byteOffset, z.byteOffset + z.byteLength) as ArrayBuffer
    }
    headers['content-encoding'] = 'gzip'
    return new Response(s.gzip, { status: 200, headers })
  }

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' || !events) {
      await next()
      // A write here changes what reads answer: drop the snapshots before the writer reads back.
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') bump()
      return
    }
    const principal = c.get('principal')
    if (!principal || !SHARED_READS.test(c.req.path)) return next()
    const url = new URL(c.req.url)
    // Statuses are judged as of the product's today: a new day is a new snapshot.
    const key = `${scopeKey(principal)}|${shanghaiDate(c.get('deps').now())}|${url.pathname}?${url.searchParams.toString()}`
    const fresh = store.get(key)
    if (fresh && fresh.version === version && Date.now() - fresh.at < opts.maxAgeMs) {
      store.delete(key)
      store.set(key, fresh)
      stats.hits++
      c.res = serve(fresh, 'hit', c.req.header('accept-encoding'))
      return
    }
    const pending = building.get(key)
    if (pending) {
      const s = await pending
      if (s) {
        stats.shared++
        c.res = serve(s, 'shared', c.req.header('accept-encoding'))
        return
      }
    }
    const started = version
    let done: (s: Snapshot | null) => void = () => {}
    building.set(key, new Promise((r) => (done = r)))
    try {
      await next()
      const type = c.res.headers.get('content-type') ?? ''
      if (c.res.status !== 200 || !type.startsWith('application/json')) return done(null)
      const body = await c.res.clone().arrayBuffer()
      const s: Snapshot = {
        version: started,
        at: Date.now(),
        body,
        contentType: type,
        etag: `W/"${createHash('sha1').update(new Uint8Array(body)).digest('base64url')}"`,
      }
      stats.builds++
      c.header('etag', s.etag)
      c.header('x-snapshot', 'built')
      // Built from data read before a change arrived: serve it to those who waited, keep it for nobody.
      if (started === version) {
        store.set(key, s)
        while (store.size > opts.maxEntries) store.delete(store.keys().next().value!)
      }
      done(s)
    } catch (e) {
      done(null)
      throw e
    } finally {
      building.delete(key)
    }
  }
  return { middleware, stats, size: () => store.size }
}
