import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const [pglite] = testDatabases()

describe('queue dashboard (bull-board)', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  beforeAll(async () => {
    ctx = await seededApp(pglite!, { withQueue: true })
    await createUser(ctx.handle.db, { username: 'board-admin', password: 'admin pass 1', role: 'admin' })
    await createUser(ctx.handle.db, { username: 'board-viewer', password: 'viewer pass 1', role: 'viewer' })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const cookieFor = async (username: string, password: string) =>
    (await loginClient(ctx.app, username, password)).auth.cookie

  it('is closed to strangers and to non-admins, open to an admin', async () => {
    expect((await ctx.app.request('/admin/queues')).status).toBe(401)
    const viewer = await cookieFor('board-viewer', 'viewer pass 1')
    expect((await ctx.app.request('/admin/queues', { headers: { cookie: viewer } })).status).toBe(403)
    const admin = await cookieFor('board-admin', 'admin pass 1')
    const page = await ctx.app.request('/admin/queues', { headers: { cookie: admin } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<html')
    const queues = await ctx.app.request('/admin/queues/api/queues', { headers: { cookie: admin } })
    expect(queues.status).toBe(200)
    expect(JSON.stringify(await queues.json())).toContain('ingest')
  })
})
