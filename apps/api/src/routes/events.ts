import type { ChangeEvent } from '@cockpit/contracts'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../env.js'
import { errorBody } from '../errors.js'

const HEARTBEAT_MS = 15_000

/**
 * Server-sent events of every committed change (statuses, submissions, alerts). Public like the read
 * API: it carries what the screens show. Clients reconnect by themselves (EventSource) and fetch to
 * catch up; a heartbeat keeps proxies from closing an idle stream.
 */
export const eventRoutes = new Hono<AppEnv>().get('/', (c) => {
  const hub = c.get('deps').events
  if (!hub) return c.json(errorBody(c, 'unavailable', '实时事件未启用'), 503)
  return streamSSE(c, async (stream) => {
    const queue: ChangeEvent[] = []
    let wake: (() => void) | null = null
    const unsubscribe = hub.subscribe((e) => {
      queue.push(e)
      wake?.()
    })
    stream.onAbort(() => {
      unsubscribe()
      wake?.()
    })
    await stream.writeSSE({ event: 'hello', data: JSON.stringify({ at: c.get('deps').now().toISOString() }) })
    let id = 0
    while (!stream.aborted) {
      const next = queue.shift()
      if (next) {
        await stream.writeSSE({ event: next.type, data: JSON.stringify(next), id: String(++id) })
        continue
      }
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, HEARTBEAT_MS)
      })
      wake = null
      if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'heartbeat', data: '{}' })
    }
    unsubscribe()
  })
})
