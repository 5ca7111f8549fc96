import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const [pglite] = testDatabases()

describe('serving the desk-side portal', () => {
  let dir: string
  let withPortal: Awaited<ReturnType<typeof seededApp>>
  let screenOnly: Awaited<ReturnType<typeof seededApp>>
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-dist-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>')
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export const built = true')
    // As the Vite build leaves them (vite-plugin-compression2): compressed copies beside the asset.
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync('export const built = true'))
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('export const built = true'))
    withPortal = await seededApp(pglite!, {
      appDeps: {
        staticSites: [
          { prefix: '/screen', dir },
          { prefix: '/portal', dir },
        ],
      },
    })
    screenOnly = await seededApp(pglite!, { appDeps: { staticSites: [{ prefix: '/screen', dir }] } })
    await createUser(withPortal.handle.db, {
      username: 'desk-user',
      password: 'desk user pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
  })
  afterAll(async () => {
    await withPortal?.close()
    await screenOnly?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends the bare host to /portal/ when the portal is served, and not otherwise', async () => {
    const res = await withPortal.app.request('/')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/portal/')
    expect((await screenOnly.app.request('/')).status).toBe(404)
  })

  it('answers the portal page for any path below /portal/ (client-side routes survive a reload)', async () => {
    const res = await withPortal.app.request('/portal/reporter/indicators')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>portal</title>')
  })

  it('sends the precompressed copy of an asset to a browser that accepts it, cached for a year and varying by encoding', async () => {
    const br = await withPortal.app.request('/screen/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    expect(br.status).toBe(200)
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('vary') ?? '').toMatch(/accept-encoding/i)
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe('export const built = true')
    const gz = await withPortal.app.request('/screen/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const plain = await withPortal.app.request('/screen/assets/index-abc123.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe('export const built = true')
  })

  it('answers 404 without long caching for a missing asset or file, never the page cached for a year', async () => {
    for (const path of [
      '/portal/assets/nonexistent.js',
      '/portal/assets/deep/missing.css',
      '/portal/favicon-missing.png',
      '/screen/assets/nonexistent.js',
      '/portal/reporter/report.xlsx',
    ]) {
      const res = await withPortal.app.request(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('cache-control') ?? '', path).not.toMatch(/immutable|max-age=[1-9]/)
      expect(await res.text(), path).not.toContain('<title>portal</title>')
    }
  })

  it('caches a hashed asset that exists for a year, and the page itself never', async () => {
    const asset = await withPortal.app.request('/portal/assets/index-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    for (const path of ['/portal/', '/portal/index.html', '/portal/reporter/indicators', '/screen/overview']) {
      const page = await withPortal.app.request(path)
      expect(page.status, path).toBe(200)
      expect(page.headers.get('cache-control'), path).toBe('no-cache')
      expect(await page.text(), path).toContain('<title>portal</title>')
    }
  })

  it('serves the pages under a strict Content-Security-Policy and the API under a closed one', async () => {
    const page = await withPortal.app.request('/portal/reporter/indicators')
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    )
    for (const path of ['/api/v1/health', '/api/v1/indicators', '/api/v1/nothing-here']) {
      const res = await withPortal.app.request(path)
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'")
    }
  })

  it('gives a reloaded page its session CSRF token through /auth/me, so it can write again', async () => {
    const desk = await loginClient(withPortal.app, 'desk-user', 'desk user pass 1')
    const me = await desk.get<{ role: string; csrfToken: string | null }>('/api/v1/auth/me')
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ role: 'manager', csrfToken: desk.auth.csrf })
  })
})
