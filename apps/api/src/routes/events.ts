import { createRoute } from '@hono/zod-openapi'
import { ApiError, type ChangeEvent } from '@cockpit/contracts'
import { changeEventFilter } from '@cockpit/services/messaging'
import { streamSSE } from 'hono/streaming'
import { requireRole } from '../auth.js'
import { errorBody } from '../errors.js'
import { createRouter, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const HEARTBEAT_MS = 15_000
/** How soon a client reconnects after the process closed its stream to stop (SIGTERM drain): to another process. */
export const DRAIN_RETRY_MS = 1000

/**
 * Server-sent events of committed changes (statuses, submissions, alerts) that the caller may see
 * (`changeEventFilter`). Any authenticated caller; wall screens send their display key as a Bearer
 * header (they read the stream with fetch). Clients reconnect by themselves and fetch to catch up; a
 * heartbeat keeps proxies from closing an idle stream. The caller is checked when the stream opens.
 */
const stream = createRoute({
  method: 'get',
  path: '/',
  tags: ['实时事件'],
  summary: '实时变更事件流(Server-Sent Events):状态、提交、告警与任务的已提交变更,按调用方可见范围过滤',
  description:
    '响应为 text/event-stream,连接保持打开。事件名(event:)为 hello(连接建立)、heartbeat(每 15 秒)或变更类型' +
    '(status、submission、alert、task),data: 为该变更的 JSON(含 type 与 at 字段)。连接断开后客户端自行重连,并重新读取列表以补齐断开期间的变化。' +
    '实例停止(滚动发布、缩容)时先发送 event: reconnect 与 retry: 毫秒数,然后结束本连接,客户端应按该间隔重连(将连到其他实例)。' +
    '大屏以 Authorization: Bearer <显示密钥> 读取。',
  middleware: [requireRole()] as const,
  responses: {
    200: {
      description: '事件流(不会自行结束)',
      content: {
        'text/event-stream': {
          schema: { type: 'string', description: 'SSE 帧:event: <类型>\\ndata: <JSON>\\nid: <序号>\\n\\n' },
        },
      },
    },
    503: jsonContent(ApiError, '实时事件未启用(未连接 Redis)'),
  },
})

export const eventRoutes = createRouter().openapi(stream, async (c) => {
  const hub = c.get('deps').events
  if (!hub) return c.json(errorBody(c, 'unavailable', '实时事件未启用'), 503)
  const visible = await changeEventFilter(serviceContext(c))
  const metrics = c.get('deps').metrics
  return streamSSE(c, async (stream) => {
    const queue: ChangeEvent[] = []
    let wake: (() => void) | null = null
    let draining = false
    const unsubscribe = hub.subscribe(
      (e) => {
        if (!visible(e)) return
        queue.push(e)
        wake?.()
      },
      () => {
        draining = true
        wake?.()
      },
    )
    metrics?.sseOpened()
    let counted = true
    const uncount = () => {
      if (counted) metrics?.sseClosed()
      counted = false
    }
    stream.onAbort(() => {
      unsubscribe()
      uncount()
      wake?.()
    })
    await stream.writeSSE({ event: 'hello', data: JSON.stringify({ at: c.get('deps').now().toISOString() }) })
    let id = 0
    while (!stream.aborted) {
      if (draining) {
        // The process is stopping: what is queued goes out, then a hint to reconnect (elsewhere) soon.
        for (const e of queue.splice(0))
          await stream.writeSSE({ event: e.type, data: JSON.stringify(e), id: String(++id) })
        await stream.writeSSE({
          event: 'reconnect',
          data: JSON.stringify({ reason: 'draining' }),
          retry: DRAIN_RETRY_MS,
        })
        break
      }
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
      if (!queue.length && !stream.aborted && !draining) await stream.writeSSE({ event: 'heartbeat', data: '{}' })
    }
    unsubscribe()
    uncount()
  })
})
