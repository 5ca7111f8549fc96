import { failed, type DeliveryResult } from './delivery-result.js'

export interface HttpOptions {
  timeoutMs: number
  fetch: typeof fetch
}

export type HttpOutcome =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'failure'; result: DeliveryResult }

// Error bodies are only quoted in messages; anything longer is noise in an alert's history.
const snippet = (body: string): string => {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

const causeCode = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined
  const cause: unknown = 'cause' in error ? error.cause : undefined
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code
  if ('code' in error && typeof error.code === 'string') return error.code
  return undefined
}

const isTimeout = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')

/**
 * POSTs a body and reads the answer within one deadline. Transport failures become retryable results and the
 * target's URL never appears in a message: robot URLs carry their access token.
 */
export const postJson = async (
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: HttpOptions,
): Promise<HttpOutcome> => {
  const signal = AbortSignal.timeout(opts.timeoutMs)
  try {
    const response = await opts.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal,
      // A redirected POST turns into a GET on most hops and would drop the signed body; report it instead.
      redirect: 'manual',
    })
    const text = await response.text()
    return { kind: 'response', status: response.status, body: text }
  } catch (error) {
    if (isTimeout(error) || signal.aborted) {
      return { kind: 'failure', result: failed(true, `请求超时(${opts.timeoutMs} 毫秒内未完成)`) }
    }
    const code = causeCode(error)
    const message = error instanceof Error ? error.message : String(error)
    return { kind: 'failure', result: failed(true, `网络错误:${code ?? message}`) }
  }
}

/**
 * The HTTP-level verdict shared by every HTTP channel: 2xx passes on to the channel's own check; 5xx and 429
 * may pass on a later try; other codes (4xx, an unfollowed 3xx) need someone to fix the configuration.
 */
export const httpStatusFailure = (status: number, body: string): DeliveryResult | null => {
  if (status >= 200 && status < 300) return null
  const retryable = status >= 500 || status === 429
  const hint = status >= 300 && status < 400 ? '(地址发生重定向,请填写最终地址)' : ''
  const text = snippet(body)
  return failed(retryable, `HTTP ${status}${hint}${text ? `:${text}` : ''}`)
}

export { snippet as bodySnippet }
