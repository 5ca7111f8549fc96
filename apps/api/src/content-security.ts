import { secureHeaders } from 'hono/secure-headers'

/**
 * The front ends' Content-Security-Policy: nothing but our own built files runs. Vite emits no inline
 * script (its modulepreload polyfill is inside the entry module) and Vue's templates are compiled at build
 * time, so scripts need no 'unsafe-inline' or 'unsafe-eval'. ECharts draws on canvas, but its tooltips
 * are HTML strings with style="…" attributes: those, and only those, are allowed (`style-src-attr`); style
 * sheets stay our own files. The favicon is a `data:` URL and downloads are `blob:` URLs. API calls and the
 * event stream go to this origin.
 */
export const siteSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    styleSrcAttr: ["'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
})

/** JSON and files from the API are never documents to render: nothing may load from them, nobody may frame them. */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
})

/**
 * The API reference page's policy (at /api/docs, instead of apiSecurityHeaders): scripts and style sheets only
 * from this origin, never inline. Swagger UI's icons are `data:` images; "Try it out" and the document
 * are same-origin fetches.
 */
export const apiDocsSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
})
