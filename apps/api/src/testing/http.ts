import type { Hono } from 'hono'

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** A tiny JSON client over app.request() with an optional bearer token or session cookie + CSRF token. */
export function client(
  app: { request: Hono['request'] },
  auth: { token?: string; cookie?: string; csrf?: string } = {},
) {
  const headers = (extra?: Record<string, string>): Record<string, string> => ({
    ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
    ...(auth.cookie ? { cookie: auth.cookie } : {}),
    ...(auth.csrf ? { 'x-csrf-token': auth.csrf } : {}),
    ...extra,
  })
  return {
    async get<T = unknown>(path: string) {
      const res = await app.request(path, { headers: headers() })
      return { status: res.status, body: (await res.json()) as T }
    },
    async post<T = unknown>(path: string, body: unknown, extra?: Record<string, string>) {
      const res = await app.request(path, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', ...extra }),
        body: JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers }
    },
    /** Any method with an optional JSON body (PATCH, PUT, DELETE); a 204 answers a null body. */
    async send<T = unknown>(method: 'PATCH' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown) {
      const res = await app.request(path, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await res.text()
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
    },
    async upload<T = unknown>(path: string, form: FormData, extra?: Record<string, string>) {
      const res = await app.request(path, { method: 'POST', headers: headers(extra), body: form })
      return { status: res.status, body: (await res.json()) as T }
    },
  }
}

/** Logs in through the API and returns a client carrying the session cookie and its CSRF token. */
export async function loginClient(app: { request: Hono['request'] }, username: string, password: string) {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}`)
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  const auth = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: csrfToken }
  return Object.assign(client(app, auth), { auth })
}

/** Polls a submission until the workers have processed it (or marked it failed). */
export function waitProcessed<T extends { state: string }>(api: ReturnType<typeof client>, id: string): Promise<T> {
  return waitFor(async () => {
    const r = await api.get<T>(`/api/v1/submissions/${id}`)
    return r.body.state === 'processed' || r.body.state === 'failed' ? r.body : undefined
  })
}

/**
 * Reads a server-sent event stream as text. One read stays in flight at a time: a read abandoned after a
 * timeout would swallow its chunk.
 */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let pending: ReturnType<typeof reader.read> | null = null
  return {
    text: () => text,
    async readUntil(needle: string, ms: number) {
      const until = Date.now() + ms
      while (!text.includes(needle)) {
        if (Date.now() > until) throw new Error(`no "${needle}" within ${ms} ms; got: ${text.slice(0, 500)}`)
        pending ??= reader.read()
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))])
        if (chunk) {
          pending = null
          if (!chunk.done) text += decoder.decode(chunk.value)
        }
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  }
}
