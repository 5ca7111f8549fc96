import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '@cockpit/api/app'
import type { Database } from '@cockpit/db'
import type { EventHub } from '@cockpit/services/messaging'
import type { ParsePool } from '@cockpit/tabular'
import { serve } from '@hono/node-server'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'

export interface Loopback {
  url: string
  close(): Promise<void>
}

const closeServer = (s: { close(cb: () => void): unknown }) => new Promise<void>((resolve) => s.close(() => resolve()))

/**
 * The real API over a loopback port. Without `events` (no Redis) no read snapshot is kept (nothing would say when
 * one is stale), so every request builds its answer, the cost a wall pays on each change; with them, as main.ts
 * runs it, callers of one scope share a snapshot until a change event drops it.
 */
export async function startApi(deps: {
  db: Kysely<Database>
  parsePool: ParsePool
  logger: Logger
  now: () => Date
  events?: EventHub
}): Promise<Loopback> {
  const app = createApp({
    db: deps.db,
    dbKind: 'postgres',
    parsePool: deps.parsePool,
    logger: deps.logger,
    now: deps.now,
    version: 'scale-bench',
    secureCookies: false,
    enqueueIngest: async () => {},
    ...(deps.events ? { events: deps.events } : {}),
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  }
}

/** The floor: bare node:http answering each path with the bytes and content type the API gave for it. */
export async function startBare(bodies: Map<string, { bytes: Buffer; type: string }>): Promise<Loopback> {
  const server = createServer((req, res) => {
    const hit = bodies.get(req.url ?? '')
    if (!hit) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': hit.type, 'content-length': hit.bytes.length })
    res.end(hit.bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  }
}

/** One GET, body read to the end; the milliseconds, status and bytes. */
export async function timedGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; status: number; bytes: Buffer; type: string }> {
  const started = performance.now()
  const res = await fetch(url, { headers })
  const bytes = Buffer.from(await res.arrayBuffer())
  return {
    ms: performance.now() - started,
    status: res.status,
    bytes,
    type: res.headers.get('content-type') ?? 'application/json',
  }
}
