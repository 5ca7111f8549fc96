import type { ChangeEvent } from '@cockpit/contracts'
import { changeEventFilter } from '@cockpit/services'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { principalOf, requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { errorBody } from '../errors.js'

const HEARTBEAT_MS = 15_000

/**
 * Server-sent events of committed changes (statuses, submissions, alerts) that the caller may see
 * (`changeEventFilter`). Any authenticated caller; wall screens send their display key as a Bearer
 * header (they read the stream with fetch). Clients reconnect by themselves and fetch to catch up; a
 * heartbeat keeps proxies from closing an idle stream. The caller is checked when the stream opens.
 */
export const eventRoutes = new Hono<AppEnv>().get('/', requireRole(), async (c) => {
  const hub = c.get('deps').events
  if (!hub) return c.json(errorBody(c, 'unavailable', '实时事件未启用'), 503)
  const visible = await changeEventFilter(c.get('deps').db, principalOf(c))
  return streamSSE(c, async (stream) => {
    const queue: ChangeEvent[] = []
    let wake: (() => void) | null = null
    const unsubscribe = hub.subscribe((e) => {
      if (!visible(e)) return
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
