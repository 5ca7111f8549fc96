/**
 * The API over HTTP as a password user (session cookie + CSRF token), for arranging a browser test's data as
 * people do. A body is sent as JSON, or as multipart when it is FormData; a non-2xx answer throws with its text.
 */
export async function signedInApi(baseUrl: string, credentials: { username: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  if (login.status !== 200) throw new Error(`login as ${credentials.username} answered ${login.status}`)
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const auth = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': csrfToken }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const form = body instanceof FormData
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: form || body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
    return (text ? JSON.parse(text) : null) as T
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  }
}
