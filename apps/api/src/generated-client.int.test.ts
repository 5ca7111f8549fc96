import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { testDatabases } from '@cockpit/db/testing'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

/**
 * An integrator's view: a client generated at test time from the document the API serves (openapi-typescript,
 * then openapi-fetch), type-checked, and used against the real API on a loopback port for the whole
 * department-token workflow. The flow itself is apps/api/openapi-client/flow.ts, which imports nothing of ours.
 */
// flow.ts is not imported for its types: they exist only once the client is generated (a clean clone's typecheck runs before).
type Flow = (input: {
  baseUrl: string
  admin: { username: string; password: string }
  department: { jurisdiction: string; key: string; other: string }
  idempotencyKey: string
}) => Promise<Record<string, any>>
const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), '../openapi-client')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/** Generates the types from the served document and compiles the flow against them (once per file). */
let generated: Promise<Flow> | null = null
async function generateClient(baseUrl: string): Promise<Flow> {
  const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as Parameters<typeof openapiTS>[0]
  const types = astToString(await openapiTS(doc))
  mkdirSync(join(clientDir, 'generated'), { recursive: true })
  writeFileSync(join(clientDir, 'generated', 'schema.d.ts'), types)
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(clientDir, 'tsconfig.json')], { encoding: 'utf8' })
  if (compiled.status !== 0)
    throw new Error(`the flow does not compile against the generated client:\n${compiled.stdout}${compiled.stderr}`)
  return ((await import(join(clientDir, 'flow.ts'))) as { integratorFlow: Flow }).integratorFlow
}

describe.each(testDatabases())('a client generated from the served OpenAPI document, on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let server: ServerType
  let baseUrl: string

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    await createUser(ctx.handle.db, { username: 'integration-admin', password: 'admin pass 1', role: 'admin' })
    server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((ok) => (server.listening ? ok() : server.once('listening', () => ok())))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((ok) => server?.close(ok))
    await ctx?.close()
  })

  it('issues a token, submits a batch with an Idempotency-Key, follows it to the end, reads the history and is refused where it must be', async () => {
    const integratorFlow = await (generated ??= generateClient(baseUrl))
    const r = await integratorFlow({
      baseUrl,
      admin: { username: 'integration-admin', password: 'admin pass 1' },
      department: { jurisdiction: '360100', key: 'szsj', other: 'czj' },
      idempotencyKey: `push-${target.name}-2024-05`,
    })
    expect(r.tokenPrefix).toBeTruthy()
    // The retried batch is the same submission, not a second one.
    expect(r.replayedId).toBe(r.submissionId)
    expect(r.replayed).toBe(true)
    expect(r).toMatchObject({ finalState: 'processed', acceptedCount: 1 })
    expect(r.historyValues).toContain(r.value)
    expect(r.withoutToken).toMatchObject({
      status: 401,
      error: { code: 'unauthorized', requestId: expect.any(String) },
    })
    expect(r.outOfScope).toMatchObject({ status: 403, error: { code: 'forbidden' } })
    expect(r.wrongRole).toMatchObject({ status: 403, error: { code: 'forbidden' } })
  })
})
