import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gunzipSync } from 'node:zlib'
import { API_DOCS_PATH } from './api-docs.js'
import { seededApp } from './testing/seeded-app.js'

// The page is files and the route list, whatever the database: PGlite is enough.
const [pglite] = testDatabases({})

describe('the API reference page', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  beforeAll(async () => {
    ctx = await seededApp(pglite!, { noWorkers: true })
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('serves a page without inline script that loads Swagger UI and our initializer from this API', async () => {
    const res = await ctx.app.request(API_DOCS_PATH)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    expect(html).not.toMatch(/<script>[^<]/)
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!)
    expect(scripts.map((s) => s.split('?')[0])).toEqual([
      `${API_DOCS_PATH}/swagger-ui-bundle.js`,
      `${API_DOCS_PATH}/init.js`,
    ])
    for (const src of scripts) expect((await ctx.app.request(src)).status, src).toBe(200)
  })

  it('points the initializer at the served OpenAPI document', async () => {
    const init = await (await ctx.app.request(`${API_DOCS_PATH}/init.js`)).text()
    expect(init).toContain('"/api/v1/openapi.json"')
    expect((await ctx.app.request('/api/v1/openapi.json')).status).toBe(200)
  })

  it('serves the files with their content types, cached for a year, gzipped for a client that accepts it', async () => {
    const css = await ctx.app.request(`${API_DOCS_PATH}/swagger-ui.css`)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const plain = await ctx.app.request(`${API_DOCS_PATH}/swagger-ui-bundle.js`)
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(plain.headers.get('content-encoding')).toBeNull()
    const text = await plain.text()
    expect(text).toContain('SwaggerUIBundle')
    const zipped = await ctx.app.request(`${API_DOCS_PATH}/swagger-ui-bundle.js`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding')
    const bytes = Buffer.from(await zipped.arrayBuffer())
    expect(bytes.length).toBeLessThan(text.length / 2)
    expect(gunzipSync(bytes).toString()).toBe(text)
    expect((await ctx.app.request(`${API_DOCS_PATH}/favicon-32x32.png`)).headers.get('content-type')).toBe('image/png')
  })

  it('answers 404 in the error shape for any other file, never a file outside the package', async () => {
    for (const name of ['package.json', 'index.html', '..%2F..%2Fpackage.json', 'swagger-ui-bundle.js.map']) {
      const res = await ctx.app.request(`${API_DOCS_PATH}/${name}`)
      expect(res.status, name).toBe(404)
      expect(await res.json()).toMatchObject({ code: 'not_found' })
    }
  })
})
