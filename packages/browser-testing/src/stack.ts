import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createUser, seededApp, systemAdmin } from '@cockpit/api/testing'
import { testDatabases } from '@cockpit/db/testing'
import { createApiToken } from '@cockpit/services/access'
import { serviceContext } from '@cockpit/services/kernel'
import type { BrowserContext } from 'playwright-core'

export interface StackOptions {
  now?: () => Date
  /** Built front ends to serve, as the launcher does: `{ prefix: '/portal', dir: …/dist }`. */
  sites: { prefix: string; dir: string }[]
  /** Which seed plans to load, by key (default all five). */
  seedPlans?: (key: string) => boolean
}

/**
 * The real product for a browser: seeded database (PGlite), API over HTTP serving built front ends,
 * workers and the change stream on real Redis. The HTTP server can be stopped and started again on
 * the same port, which is how a page sees its API go away and come back.
 */
export async function startStack(opts: StackOptions) {
  const [db] = testDatabases()
  const ctx = await seededApp(db!, {
    withQueue: true,
    now: opts.now ?? (() => new Date('2024-06-30T04:00:00Z')),
    appDeps: { staticSites: opts.sites, clockRate: 1 },
    ...(opts.seedPlans ? { seedPlans: opts.seedPlans } : {}),
  })
  let server: ServerType | null = null
  let port = 0
  const start = async () => {
    server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port })
    await once(server, 'listening')
    port = (server.address() as AddressInfo).port
  }
  const stop = async () => {
    if (!server) return
    const s = server as unknown as { close(cb: () => void): void; closeAllConnections?: () => void }
    const closed = new Promise<void>((r) => s.close(() => r()))
    // Open SSE streams would keep the server alive: cut them as a crashed API would.
    s.closeAllConnections?.()
    await closed
    server = null
  }
  await start()
  const url = () => `http://127.0.0.1:${port}`

  /** The lead department of an indicator given by its code "<plan>/<key>", with the indicator's id. */
  async function leadOf(code: string) {
    const [planKey, key] = code.split('/')
    return ctx.handle.db
      .selectFrom('indicators as i')
      .innerJoin('plans as p', 'p.id', 'i.plan_id')
      .innerJoin('indicator_departments as l', 'l.indicator_id', 'i.id')
      .select(['i.id', 'l.department_id', 'i.jurisdiction_code'])
      .where('p.key', '=', planKey!)
      .where('i.key', '=', key!)
      .where('l.role', '=', 'lead')
      .orderBy('l.department_id')
      .executeTakeFirstOrThrow()
  }

  /** A department's token for the lead department of an indicator given by its code. */
  async function leadToken(code: string) {
    const row = await leadOf(code)
    const token = await createApiToken(serviceContext(ctx.handle.db, systemAdmin, new Date()), {
      departmentId: row.department_id,
      name: 'e2e',
    })
    return { indicatorId: row.id, departmentId: row.department_id, token: token.token }
  }

  /** Posts values as a department would; resolves once the API has acknowledged (stored) them. */
  async function submit(
    token: string,
    items: { indicator: string; period: string; value: number | string; jurisdiction?: string }[],
    opts: { viaApp?: boolean } = {},
  ) {
    const init = {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    }
    // viaApp: straight into the app, for when the HTTP server is down but the product behind it is not.
    const res = opts.viaApp
      ? await ctx.app.request('/api/v1/submissions', init)
      : await fetch(`${url()}/api/v1/submissions`, init)
    if (res.status !== 202) throw new Error(`submission refused: ${res.status} ${await res.text()}`)
    return (await res.json()) as { id: string }
  }

  /** A user account (password login) as an administrator creates it. */
  const addUser = (input: Parameters<typeof createUser>[1]) => createUser(ctx.handle.db, input)

  /** Signs a browser context in with a session cookie, as a kiosk or a returning user has one. */
  async function signIn(context: BrowserContext, credentials: { username: string; password: string }) {
    const res = await context.request.post(`${url()}/api/v1/auth/login`, { data: credentials })
    if (res.status() !== 200) throw new Error(`login as ${credentials.username} failed: ${res.status()}`)
  }

  return {
    url,
    db: ctx.handle.db,
    app: ctx.app,
    start,
    stop,
    leadOf,
    leadToken,
    submit,
    addUser,
    signIn,
    async close() {
      await stop()
      await ctx.close()
    },
  }
}
export type Stack = Awaited<ReturnType<typeof startStack>>
