import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { constants, gzip, type ZlibOptions } from 'node:zlib'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.js'
import { acceptsGzip } from './accept-encoding.js'

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
  // A snapshot carries the tag of its bytes already: no need to hash them again per request. Otherwise the body is
  // read once and put back (a clone would tee the stream and copy the bytes twice).
  let tag = c.res.headers.get('etag')
  if (tag === null) {
    const res = c.res
    const bytes = await res.arrayBuffer()
    tag = jsonTag(bytes)
    c.res = undefined
    c.res = new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers })
  }
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

/**
 * gzip of the API's JSON at the fastest level: JSON shrinks ~12× even so (~15% larger than the default level), and
 * a country-wide answer (400 KB) compresses in ~1 ms instead of ~10 ms through a CompressionStream at level 6 —
 * most of what such a read cost beyond its query. Shared with the read snapshots.
 */
export const JSON_GZIP: ZlibOptions = { level: constants.Z_BEST_SPEED }
const gzipAsync = promisify(gzip)
const COMPRESS_FROM_BYTES = 1024
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i

/**
 * gzip of JSON bodies of 1 KB or more for clients that accept it (the front ends' files are precompressed, the event
 * stream and downloads are not JSON). JSON is built whole in memory, so it is compressed whole, off the event loop
 * (zlib's thread pool). A body already encoded (a snapshot) or marked no-transform is left as it is.
 */
export const jsonCompression: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  const res = c.res
  if (
    c.req.method === 'HEAD' ||
    res.status === 206 ||
    !res.body ||
    !isJson(res.headers.get('content-type')) ||
    res.headers.has('content-encoding') ||
    NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')
  )
    return
  const vary = res.headers.get('vary')
  if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? ''))
    res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  if (!acceptsGzip(c.req.header('accept-encoding'))) return
  const raw = new Uint8Array(await res.arrayBuffer())
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  let body = raw
  if (raw.byteLength >= COMPRESS_FROM_BYTES) {
    const z = await gzipAsync(raw, JSON_GZIP)
    // zlib's Buffer is typed over ArrayBufferLike; it is a plain ArrayBuffer (never shared), viewed without a copy.
    body = new Uint8Array(z.buffer as ArrayBuffer, z.byteOffset, z.byteLength)
    headers.set('content-encoding', 'gzip')
    const etag = headers.get('etag')
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`)
  }
  // Hono's setter copies the old response's headers onto the new one: clear it first (see jsonEtag).
  c.res = undefined
  c.res = new Response(body, { status: res.status, statusText: res.statusText, headers })
}
