/**
 * Lints the OpenAPI document as the API serves it: builds the seeded app on an in-memory PGlite,
 * fetches GET /api/v1/openapi.json through app.request(), writes it to a file and runs Redocly CLI with
 * the committed ruleset (redocly.yaml at the repository root). Exits with Redocly's status, so errors
 * fail `npm test`. `--out <file>` keeps the document (e.g. for a look at it), `--no-lint` only writes it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testDatabases } from '@cockpit/db/testing'
import { seededApp } from '../testing/seeded-app.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../../..')
const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const lint = !args.includes('--no-lint')

// PGlite only: the document does not depend on the database, and this needs no server.
const [pglite] = testDatabases({})
const ctx = await seededApp(pglite!)
let status = 0
const dir = mkdtempSync(join(tmpdir(), 'cockpit-openapi-'))
try {
  const res = await ctx.app.request('/api/v1/openapi.json')
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`)
  const file = outAt >= 0 && args[outAt + 1] ? resolve(args[outAt + 1]!) : join(dir, 'openapi.json')
  writeFileSync(file, JSON.stringify(await res.json(), null, 2))
  console.log(`openapi: wrote ${file}`)
  if (lint) {
    const redocly = join(here, '../../node_modules/.bin/redocly')
    const run = spawnSync(redocly, ['lint', '--config', join(root, 'redocly.yaml'), file], {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    })
    status = run.status ?? 1
  }
} finally {
  await ctx.close()
  rmSync(dir, { recursive: true, force: true })
}
process.exit(status)
