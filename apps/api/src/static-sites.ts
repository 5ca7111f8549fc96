import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { AppEnv } from './env.js'
import { siteSecurityHeaders } from './content-security.js'
import { errorBody } from './errors.js'

export const PORTAL_PREFIX = '/portal'

/** A file, not a page: anything under assets/, or a last segment with an extension (app.js, logo.png). */
const isFilePath = (rest: string) => rest.startsWith('/assets/') || /\.[^/]+$/.test(rest)

/**
 * Serves built front ends (Vite `dist/` folders) under their prefixes. Hashed assets are cached for a
 * year; index.html never, so a wall screen picks up a new build on its next load. Only page routes fall
 * back to index.html: a missing file answers 404 (not the page, and not cached), or a browser would keep
 * HTML under a script's name for a year.
 */
export function mountStaticSites(app: Hono<AppEnv>, sites: { prefix: string; dir: string }[]) {
  // People type the bare host: send them to the desk-side portal when it is served.
  if (sites.some((s) => s.prefix === PORTAL_PREFIX)) app.get('/', (c) => c.redirect(`${PORTAL_PREFIX}/`, 302))
  for (const { prefix, dir } of sites) {
    const strip = (path: string) => path.slice(prefix.length) || '/'
    app.get(prefix, (c) => c.redirect(`${prefix}/${new URL(c.req.url).search}`, 302))
    app.use(`${prefix}/*`, siteSecurityHeaders)
    app.use(`${prefix}/*`, async (c, next) => {
      await next()
      // serveStatic's onFound runs after its response is built, too late to add a header: set it here.
      if (c.res.status !== 200) return
      if (c.req.path.startsWith(`${prefix}/assets/`)) c.header('cache-control', 'public, max-age=31536000, immutable')
      else if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-cache')
    })
    app.use(`${prefix}/*`, serveStatic({ root: dir, rewriteRequestPath: strip, precompressed: true }))
    app.get(`${prefix}/*`, async (c, next) => {
      if (!isFilePath(strip(c.req.path))) return next()
      c.header('cache-control', 'no-store')
      return c.json(errorBody(c, 'not_found', `文件 ${c.req.path} 不存在`), 404)
    })
    // Any other path under the prefix is the app itself (client-side navigation).
    app.get(`${prefix}/*`, serveStatic({ root: dir, rewriteRequestPath: () => '/index.html', precompressed: true }))
  }
}
