import { ChangeEvent } from '@cockpit/contracts'
import { createParser } from 'eventsource-parser'
import { authHeaders, type ApiAccess } from './http.js'

export type LiveState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; since: number }
  | { kind: 'waiting'; attempt: number; retryAt: number; reason: string }
  | { kind: 'closed' }

export interface LiveOptions {
  access: ApiAccess
  onEvent: (event: ChangeEvent) => void
  /** Called after every (re)connection once the stream is open: fetch what may have been missed. */
  onOpen: (reconnected: boolean) => void
  onState: (state: LiveState) => void
  /** No byte for this long means a dead stream (the server sends a heartbeat every 15 s). */
  silenceMs?: number
  backoff?: { firstMs: number; maxMs: number }
}

/** Exponential backoff with jitter so a wall of screens does not reconnect in lockstep. */
export const backoffDelay = (attempt: number, firstMs: number, maxMs: number, random = Math.random) =>
  Math.round(Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1)) * (0.75 + random() * 0.5))

/**
 * The server's change stream (`/api/v1/events`), read with fetch rather than EventSource: it can send the
 * display key as a header, tell a dead stream by its silence, and back off as we choose.
 */
export function connectLiveEvents(options: LiveOptions): { close(): void } {
  const silenceMs = options.silenceMs ?? 40_000
  const { firstMs, maxMs } = options.backoff ?? { firstMs: 1_000, maxMs: 30_000 }
  const base = options.access.baseUrl || globalThis.location.origin
  let closed = false
  let attempt = 0
  let everOpened = false
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  const run = async () => {
    attempt++
    options.onState({ kind: 'connecting', attempt })
    controller = new AbortController()
    let watchdog: ReturnType<typeof setTimeout> | null = null
    const feedWatchdog = () => {
      if (watchdog) clearTimeout(watchdog)
      watchdog = setTimeout(() => controller?.abort(new Error('stream silent')), silenceMs)
    }
    let reason = '连接已断开'
    try {
      const res = await fetch(`${base}/api/v1/events`, {
        headers: { accept: 'text/event-stream', ...authHeaders(options.access) },
        credentials: 'same-origin',
        signal: controller.signal,
        cache: 'no-store',
      })
      if (!res.ok || !res.body) {
        reason = `服务器返回 ${res.status}`
      } else {
        const parser = createParser({
          onEvent: (message) => {
            if (message.event === 'hello' || message.event === 'heartbeat') return
            try {
              const parsed = ChangeEvent.safeParse(JSON.parse(message.data))
              if (parsed.success) options.onEvent(parsed.data)
            } catch {
              // A frame that is not JSON is not ours to act on; the catch-up fetch covers it.
            }
          },
        })
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        feedWatchdog()
        let opened = false
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          feedWatchdog()
          if (!opened) {
            opened = true
            const reconnected = everOpened
            everOpened = true
            attempt = 0
            options.onState({ kind: 'open', since: Date.now() })
            options.onOpen(reconnected)
          }
          parser.feed(value)
        }
      }
    } catch (e) {
      reason = e instanceof Error && e.message === 'stream silent' ? '长时间未收到数据' : '无法连接服务器'
    } finally {
      if (watchdog) clearTimeout(watchdog)
    }
    if (closed) return
    const delay = backoffDelay(Math.max(1, attempt), firstMs, maxMs)
    options.onState({ kind: 'waiting', attempt, retryAt: Date.now() + delay, reason })
    retryTimer = setTimeout(() => void run(), delay)
  }
  void run()
  return {
    close() {
      closed = true
      if (retryTimer) clearTimeout(retryTimer)
      controller?.abort()
      options.onState({ kind: 'closed' })
    },
  }
}
