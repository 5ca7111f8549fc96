import { resolve } from 'node:path'
import { startStack } from '@cockpit/browser-testing'
import type { BrowserContext } from 'playwright-core'

export const SCREEN_DIST = resolve(import.meta.dirname, '../dist')
export const VIEWER = { username: 'wall-viewer', password: 'wall-viewer-password-1' }

/** The shared browser-test stack serving the built screen, with a viewer account for the wall. */
export async function startScreenStack(opts: { now?: () => Date } = {}) {
  const stack = await startStack({ ...opts, sites: [{ prefix: '/screen', dir: SCREEN_DIST }] })
  await stack.addUser({ username: VIEWER.username, password: VIEWER.password, role: 'viewer' })

  /** A task or milestone given by "<plan>/<key>", with its departments by role. */
  async function taskOf(code: string) {
    const [planKey, key] = code.split('/')
    const task = await stack.db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.id', 't.title', 'p.jurisdiction_code'])
      .where('p.key', '=', planKey!)
      .where('t.key', '=', key!)
      .executeTakeFirstOrThrow()
    const links = await stack.db
      .selectFrom('task_departments')
      .select(['department_id', 'role'])
      .where('task_id', '=', task.id)
      .orderBy('department_id')
      .execute()
    return {
      ...task,
      leads: links.filter((l) => l.role === 'lead').map((l) => l.department_id),
      cooperating: links.filter((l) => l.role === 'cooperating').map((l) => l.department_id),
    }
  }

  /** The API over HTTP as a password user (session cookie + CSRF token), for arranging data as people do. */
  async function apiAs(credentials: { username: string; password: string }) {
    const login = await fetch(`${stack.url()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    })
    if (login.status !== 200) throw new Error(`login as ${credentials.username} answered ${login.status}`)
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const auth = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': csrfToken }
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const form = body instanceof FormData
      const res = await fetch(`${stack.url()}${path}`, {
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
    }
  }

  return { ...stack, taskOf, apiAs, signIn: (context: BrowserContext) => stack.signIn(context, VIEWER) }
}
export type ScreenStack = Awaited<ReturnType<typeof startScreenStack>>
