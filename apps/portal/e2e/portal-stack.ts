import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { signedInApi, startStack } from '@cockpit/browser-testing'
import type { Browser, Page } from 'playwright-core'

export const PORTAL_DIST = resolve(import.meta.dirname, '../dist')
export const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/portal')
mkdirSync(ARTIFACTS, { recursive: true })

/** 非涉密政务系统上云率 (南昌, quarterly, %): reported by its lead department in these tests. */
export const CLOUD = 'nanchang-2023/fsm-zwxt-sly'

export const ACCOUNTS = {
  reporter: { username: 'desk-reporter', password: 'desk-reporter-password-1' },
  manager: { username: 'desk-manager', password: 'desk-manager-password-1' },
  admin: { username: 'desk-admin', password: 'desk-admin-password-1' },
}

export const SCREEN_DIST = resolve(import.meta.dirname, '../../screen/dist')

/** The real stack serving the built portal, with a reporter of CLOUD's lead department, a 南昌 manager and an admin. */
export async function startPortalStack(opts: { seedPlans?: (key: string) => boolean; withWall?: boolean } = {}) {
  const sites = [{ prefix: '/portal', dir: PORTAL_DIST }]
  // The wall too, for tests that follow a desk change onto it (its build is the browser project's global setup).
  if (opts.withWall) sites.push({ prefix: '/screen', dir: SCREEN_DIST })
  const stack = await startStack({ sites, seedPlans: opts.seedPlans })
  const cloud = await stack.leadOf(CLOUD)
  await stack.addUser({ ...ACCOUNTS.reporter, role: 'reporter', departmentId: cloud.department_id })
  await stack.addUser({ ...ACCOUNTS.manager, role: 'manager', jurisdictions: ['360100'] })
  await stack.addUser({ ...ACCOUNTS.admin, role: 'admin' })
  return { ...stack, cloud: { indicatorId: cloud.id, departmentId: cloud.department_id } }
}
export type PortalStack = Awaited<ReturnType<typeof startPortalStack>>

/** A fresh browser context (Beijing time, Chinese), optionally signed in, opened at a portal path. */
export async function openPortal(
  browser: Browser,
  stack: PortalStack,
  path: string,
  opts: { as?: keyof typeof ACCOUNTS; width?: number; height?: number } = {},
) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 900 },
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
    acceptDownloads: true,
  })
  if (opts.as) await stack.signIn(context, ACCOUNTS[opts.as])
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${stack.url()}/portal${path}`)
  return { page, context, errors }
}

/** The API as one of the test accounts over HTTP (session cookie + CSRF token), for arranging data. */
export const apiAs = (stack: PortalStack, who: keyof typeof ACCOUNTS) => signedInApi(stack.url(), ACCOUNTS[who])

/** Polls until `check` answers something other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The ElTable row (`tr`) holding what `marker` selects: ElTable rows carry no attributes of their own, so a cell does. */
export const tableRow = (page: Page, marker: string) => page.locator('tr.el-table__row', { has: page.locator(marker) })
