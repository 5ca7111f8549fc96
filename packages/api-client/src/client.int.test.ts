import { displayKey, seededApp } from '@cockpit/api/testing'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient } from './index.js'

const [pglite] = testDatabases()

describe('typed API client', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let key: string
  beforeAll(async () => {
    ctx = await seededApp(pglite!)
    // Every read needs a caller: a wall screen's display key for 南昌 is enough here.
    key = (await displayKey(ctx.handle.db, '360100')).token
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const client = () =>
    createApiClient('http://cockpit.test', {
      headers: { authorization: `Bearer ${key}` },
      fetch: (...[input, init]: Parameters<typeof fetch>) => ctx.app.fetch(new Request(input, init)),
    })

  it('calls routes with typed queries and reads typed bodies', async () => {
    const res = await client().api.v1.indicators.$get({ query: { jurisdiction: '360100', binding: 'true' } })
    expect(res.status).toBe(200)
    if (res.status !== 200) return
    const body = await res.json()
    expect(body.total).toBe(8)
    expect(body.items[0]?.targets[0]?.label).toMatch(/^≥/)
  })

  it('surfaces 401 with the error model without credentials', async () => {
    const anonymous = createApiClient('http://cockpit.test', {
      fetch: (...[input, init]: Parameters<typeof fetch>) => ctx.app.fetch(new Request(input, init)),
    })
    const res = await anonymous.api.v1.indicators.$get({ query: {} })
    expect(res.status).toBe(401)
  })

  it('surfaces 404 with the error model for an unknown id', async () => {
    const res = await client().api.v1.indicators[':id'].$get({ param: { id: '424242' }, query: {} })
    expect(res.status).toBe(404)
    // Errors come from the shared error handler, so the route's own response type does not list them.
    const body = (await res.json()) as unknown as { code: string }
    expect(body.code).toBe('not_found')
  })
})
