import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import type { AppEnv } from './env.js'

const isJson = (type: string | null) => type !== null && /^application\/json\b/i.test(type)

/** Weak: the same JSON may be sent compressed or not. */
const jsonTag = (bytes: ArrayBuffer) => `W/"${createHash('sha1').update(new Uint8Array(bytes)).digest('base64url')}"`

const matches = (header: string | undefined, tag: string) =>
  header?.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === tag.replace(/^W\//, ''))

/**
 * ETag and If-None-Match for the API's JSON reads: a wall or integrator that polls gets 304 and no body when
 * nothing changed. Only successful GETs answering JSON are tagged (never the event stream or downloads, whose
 * bodies must not be read here); a response that carries its own ETag (a snapshot, a route's) keeps it. `private, no-cache`: a browser may
 * keep the copy but must ask each time, and no shared cache may hold a caller's scoped data.
 */
export const jsonEtag: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (c.req.method !== 'GET' || c.res.status !== 200 || !isJson(c.res.headers.get('content-type'))) return
  // A snapshot carries the tag of its bytes already: no need to hash them again per request.
  const tag = c.res.headers.get('etag') ?? jsonTag(await c.res.clone().arrayBuffer())
  if (!c.res.headers.has('cache-control')) c.header('cache-control', 'private, no-cache')
  c.header('etag', tag)
  if (matches(c.req.header('if-none-match'), tag)) {
    const headers = new Headers(c.res.headers)
    headers.delete('content-length')
    headers.delete('content-type')
    headers.delete('content-encoding')
    // Hono's setter copies the old response's headers onto the new one: clear it first, or the 304 would carry
    // the body's Content-Encoding and Content-Length.
    c.res = undefined
    c.res = new Response(null, { status: 304, headers })
  }
}

/** gzip of JSON bodies over 1 KB for clients that accept it (the front ends' files are precompressed instead). */
export const jsonCompression: MiddlewareHandler<AppEnv> = compress({ contentTypeFilter: /^application\/json\b/i })
