import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { Context, Hono } from 'hono'
import type { AppEnv } from './env.js'
import { acceptsGzip } from './accept-encoding.js'
import { errorBody } from './errors.js'
import { OPENAPI_PATH } from './openapi/document.js'

/** The interactive API reference (Swagger UI over the served OpenAPI document), public like the document. */
export const API_DOCS_PATH = '/api/docs'

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const swaggerVersion = (createRequire(import.meta.url)('swagger-ui-dist/package.json') as { version: string }).version
const INIT_FILE = 'init.js'

/**
 * The initializer lives in a file of its own so the page needs no inline script. `url` is same-origin, and
 * the document's `servers` is `/`, so "Try it out" calls this API with the token entered under Authorize.
 * No validator badge (it would call validator.swagger.io) and no persisted tokens (a shared desk browser).
 */
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    persistAuthorization: false,
    displayRequestDuration: true,
    filter: true,
  })
})
`

/** Files the page loads: from swagger-ui-dist in node_modules (nothing from a CDN), plus our initializer. */
const FILES: Record<string, { type: string; read: () => Promise<Buffer> }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', read: () => readFile(join(swaggerDir, 'swagger-ui.css')) },
  'swagger-ui-bundle.js': {
    type: 'text/javascript; charset=utf-8',
    read: () => readFile(join(swaggerDir, 'swagger-ui-bundle.js')),
  },
  'favicon-32x32.png': { type: 'image/png', read: () => readFile(join(swaggerDir, 'favicon-32x32.png')) },
  [INIT_FILE]: { type: 'text/javascript; charset=utf-8', read: async () => Buffer.from(initScript) },
}

const page = (version: string) => {
  // The version in each URL lets the files be cached for a year: an upgrade (of Swagger UI or of us) changes it.
  const v = encodeURIComponent(`${swaggerVersion}-${version}`)
  const file = (name: string) => `${API_DOCS_PATH}/${name}?v=${v}`
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>数政驾驶舱 API 参考</title>
    <link rel="stylesheet" href="${file('swagger-ui.css')}" />
    <link rel="icon" type="image/png" href="${file('favicon-32x32.png')}" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${file('swagger-ui-bundle.js')}"></script>
    <script src="${file(INIT_FILE)}"></script>
  </body>
</html>
`
}

export const isApiDocsPath = (path: string) => path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`)

/** Each file read and gzipped once per process (the bundle is 1.7 MB, about 0.5 MB gzipped). */
const cache = new Map<string, Promise<{ raw: Uint8Array<ArrayBuffer>; gzipped: Uint8Array<ArrayBuffer> }>>()
const gzipAsync = promisify(gzip)
function load(name: string) {
  let entry = cache.get(name)
  if (!entry) {
    // Copied into plain Uint8Arrays once: what a Response body takes.
    entry = FILES[name]!.read().then(async (raw) => ({
      raw: new Uint8Array(raw),
      gzipped: new Uint8Array(await gzipAsync(raw)),
    }))
    // A failed read (a broken install) is retried on the next request rather than remembered.
    entry.catch(() => cache.delete(name))
    cache.set(name, entry)
  }
  return entry
}

async function serveFile(c: Context<AppEnv>) {
  const name = c.req.param('file') ?? ''
  if (!Object.hasOwn(FILES, name)) return c.json(errorBody(c, 'not_found', `文件 ${c.req.path} 不存在`), 404)
  const { raw, gzipped } = await load(name)
  const zipped = acceptsGzip(c.req.header('accept-encoding'))
  c.header('content-type', FILES[name]!.type)
  c.header('cache-control', 'public, max-age=31536000, immutable')
  c.header('vary', 'Accept-Encoding')
  if (zipped) c.header('content-encoding', 'gzip')
  return c.body(zipped ? gzipped : raw, 200)
}

/** Mounts the page (never cached: it names the current files) and its files (cached for a year). */
export function mountApiDocs(app: Hono<AppEnv>, version: string) {
  const html = page(version)
  app.get(API_DOCS_PATH, (c) => {
    c.header('cache-control', 'no-cache')
    return c.html(html)
  })
  app.get(`${API_DOCS_PATH}/:file`, serveFile)
}
