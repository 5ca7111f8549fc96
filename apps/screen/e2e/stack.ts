import { resolve } from 'node:path'
import { startStack } from '@cockpit/browser-testing'
import type { BrowserContext } from 'playwright-core'

export const SCREEN_DIST = resolve(import.meta.dirname, '../dist')
export const VIEWER = { username: 'wall-viewer', password: 'wall-viewer-password-1' }

/** The shared browser-test stack serving the built screen, with a viewer account for the wall. */
export async function startScreenStack(opts: { now?: () => Date } = {}) {
  const stack = await startStack({ ...opts, sites: [{ prefix: '/screen', dir: SCREEN_DIST }] })
  await stack.addUser({ username: VIEWER.username, password: VIEWER.password, role: 'viewer' })
  return { ...stack, signIn: (context: BrowserContext) => stack.signIn(context, VIEWER) }
}
export type ScreenStack = Awaited<ReturnType<typeof startScreenStack>>
