import { resolve } from 'node:path'
import { signedInApi, startStack } from '@cockpit/browser-testing'
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
  const apiAs = (credentials: { username: string; password: string }) => signedInApi(stack.url(), credentials)

  return { ...stack, taskOf, apiAs, signIn: (context: BrowserContext) => stack.signIn(context, VIEWER) }
}
export type ScreenStack = Awaited<ReturnType<typeof startScreenStack>>
