import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isApiDocsPath } from './api-docs.js'
import { operationIdOf } from './openapi/document.js'
import { seededApp } from './testing/seeded-app.js'

interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
  requestBody?: { content: Record<string, unknown> }
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
}
interface Doc {
  servers?: { url: string }[]
  info: { license?: { name: string } }
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> }
}

// The document is built from the route definitions alone, whatever the database: PGlite is enough.
const [pglite] = testDatabases({})

describe('the OpenAPI document', () => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let doc: Doc
  let operations: { route: string; method: string; path: string; op: Operation }[]

  beforeAll(async () => {
    // With the queue board mounted, as in a deployment, to show it is left out on purpose.
    ctx = await seededApp(pglite!, { withQueue: true, noWorkers: true })
    const res = await ctx.app.request('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    doc = (await res.json()) as Doc
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, method, path, op })),
    )
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('describes every route the API serves, and only those (static front ends, the queue board and the reference page aside)', () => {
    const served = ctx.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !isApiDocsPath(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const documented = operations.map((o) => o.route)
    expect(
      [...new Set(served)].filter((r) => !documented.includes(r)),
      'served but not in the document: describe them with createRoute',
    ).toEqual([])
    expect(
      documented.filter((r) => !served.includes(r)),
      'in the document but not served',
    ).toEqual([])
    expect(documented.length).toBeGreaterThan(90)
  })

  it('gives every operation a unique operationId made by the naming rule', () => {
    const ids = operations.map((o) => o.op.operationId)
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const { method, path, op } of operations) expect(op.operationId).toBe(operationIdOf(method, path))
    expect(operationIdOf('get', '/api/v1/indicators/{id}/observations')).toBe('getIndicatorsByIdObservations')
    expect(operationIdOf('post', '/api/v1/alert-rules')).toBe('postAlertRules')
  })

  it('says how to call each operation: public ones need nothing, the rest a token, a display key or a session', () => {
    const byRoute = Object.fromEntries(operations.map((o) => [o.route, o.op]))
    for (const route of [
      'GET /api/v1/health',
      'GET /api/v1/health/live',
      'GET /api/v1/health/ready',
      'POST /api/v1/auth/login',
      'GET /api/v1/openapi.json',
    ])
      expect(byRoute[route]!.security, route).toEqual([])
    for (const { route, op } of operations)
      if (op.security!.length)
        expect(
          op.security!.some((s) => 'sessionCookie' in s),
          route,
        ).toBe(true)
    // A department token submits; a display key only reads; an admin-only route takes a session alone;
    // a session's write carries the CSRF header.
    expect(byRoute['POST /api/v1/submissions']!.security).toEqual([
      { departmentToken: [] },
      { sessionCookie: [], csrfToken: [] },
    ])
    expect(byRoute['GET /api/v1/indicators']!.security).toEqual([
      { departmentToken: [] },
      { displayKey: [] },
      { sessionCookie: [] },
    ])
    expect(byRoute['GET /api/v1/audit']!.security).toEqual([{ sessionCookie: [] }])
    expect(byRoute['GET /api/v1/inbox']!.security).toEqual([{ sessionCookie: [] }])
    expect(byRoute['POST /api/v1/auth/logout']!.security).toEqual([{ sessionCookie: [], csrfToken: [] }])
    // The scraper's token, or an administrator's session.
    expect(byRoute['GET /api/v1/metrics']!.security).toEqual([{ metricsToken: [] }, { sessionCookie: [] }])
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'csrfToken',
      'departmentToken',
      'displayKey',
      'metricsToken',
      'sessionCookie',
    ])
    expect(doc.servers?.length).toBeGreaterThan(0)
    expect(doc.info.license?.name).toBeTruthy()
  })

  it('answers errors in the shared {code, message, requestId} shape, with 401 and 403 wherever a caller is needed', () => {
    expect(doc.components.schemas.ApiError).toMatchObject({ required: ['code', 'message', 'requestId'] })
    for (const { route, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => /^4/.test(status))
      expect(errors.length, route).toBeGreaterThan(0)
      for (const [status, res] of errors)
        expect(res.content?.['application/json']?.schema?.$ref, `${route} ${status}`).toBe(
          '#/components/schemas/ApiError',
        )
      if (op.security!.length) expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining(['401', '403']))
    }
  })

  it('describes uploads as multipart forms and the event stream as text/event-stream', () => {
    for (const route of [
      'POST /api/v1/submissions/upload',
      'POST /api/v1/submissions/preview',
      'POST /api/v1/evidence',
    ]) {
      const [method, path] = route.split(' ') as [string, string]
      const body = doc.paths[path]![method.toLowerCase()]!.requestBody!
      expect(Object.keys(body.content), route).toEqual(['multipart/form-data'])
      expect(body.content['multipart/form-data']).toMatchObject({
        schema: { required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
      })
    }
    expect(Object.keys(doc.paths['/api/v1/events']!.get!.responses['200']!.content!)).toEqual(['text/event-stream'])
  })
})
