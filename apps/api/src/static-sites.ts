import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { AppEnv } from './env.js'

export const PORTAL_PREFIX = '/portal'

/**
 * Serves built front ends (Vite `dist/` folders) under their prefixes. Hashed assets are cached for a
 * year; index.html never, so a wall screen picks up a new build on its next load.
 */
export function mountStaticSites(app: Hono<AppEnv>, sites: { prefix: string; dir: string }[]) {
  // People type the bare host: send them to the desk-side portal when it is served.
  if (sites.some((s) => s.prefix === PORTAL_PREFIX)) app.get('/', (c) => c.redirect(`${PORTAL_PREFIX}/`, 302))
  for (const { prefix, dir } of sites) {
    const strip = (path: string) => path.slice(prefix.length) || '/'
    app.get(prefix, (c) => c.redirect(`${prefix}/${new URL(c.req.url).search}`, 302))
    app.use(`${prefix}/assets/*`, async (c, next) => {
      await next()
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable')
    })
    app.use(`${prefix}/*`, serveStatic({ root: dir, rewriteRequestPath: strip, onFound: (path, c) => void (path.endsWith('.html') && c.header('cache-control', 'no-cache')) }))
    // Anything else under the prefix is the app itself (client-side navigation).
    app.get(`${prefix}/*`, serveStatic({ root: dir, rewriteRequestPath: () => '/index.html', onFound: (_p, c) => void c.header('cache-control', 'no-cache') }))
  }
}
