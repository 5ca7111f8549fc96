/** How the simulator calls the API: a department's token, or a person's session (cookie + CSRF token). */
export type Auth = { token: string } | { cookie: string; csrf: string }

export type Outcome =
  | { kind: 'ok'; status: number; body: unknown; headers: Headers }
  /** Network failure, timeout, 5xx, 408 or 429: the same request is sent again on a later tick. */
  | { kind: 'retry'; status: number | null; message: string }
  /** Any other answer: sending the same request again would get the same answer. */
  | { kind: 'refused'; status: number; message: string }

// A hung connection must not stall every later tick; a backfill of a few thousand values takes far less.
export const REQUEST_TIMEOUT_MS = 30_000

export const messageOf = (body: unknown, fallback: string): string =>
  typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
    ? body.message
    : fallback

export const describeError = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err)

export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  try {
    return text ? (JSON.parse(text) as unknown) : null
  } catch {
    return text.slice(0, 200)
  }
}

const authHeaders = (auth: Auth | null): Record<string, string> =>
  auth === null
    ? {}
    : 'token' in auth
      ? { authorization: `Bearer ${auth.token}` }
      : { cookie: auth.cookie, 'x-csrf-token': auth.csrf }

export type Call = (
  method: 'GET' | 'POST',
  path: string,
  auth: Auth | null,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Outcome>

/** One request, its answer classified: ok, worth retrying later, or refused for good. */
export function createCall(baseUrl: string, fetchFn: typeof fetch): Call {
  const base = baseUrl.replace(/\/+$/, '')
  return async (method, path, auth, body, headers = {}) => {
    let res: Response
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...authHeaders(auth),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (err) {
      return { kind: 'retry', status: null, message: describeError(err) }
    }
    let parsed: unknown
    try {
      parsed = await readJson(res)
    } catch (err) {
      // The connection broke while the answer was read: the request may or may not have landed, and
      // the same request (same Idempotency-Key) sent again settles it either way.
      return { kind: 'retry', status: res.status, message: describeError(err) }
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429)
      return { kind: 'retry', status: res.status, message: messageOf(parsed, res.statusText) }
    if (!res.ok) return { kind: 'refused', status: res.status, message: messageOf(parsed, res.statusText) }
    return { kind: 'ok', status: res.status, body: parsed, headers: res.headers }
  }
}
