// node infra/pg-check.mjs <url> [dbname]: exits 0 when the server accepts the login; with dbname,
// creates that database when missing. Uses the pg package from the workspace (installed first).
import { createRequire } from 'node:module'

const require = createRequire(new URL('../packages/db/package.json', import.meta.url))
const pg = require('pg')
const [url, dbName] = process.argv.slice(2)
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
// A server that drops the connection mid-check must fail the check, not crash it with an unheard 'error'.
client.on('error', () => {})
try {
  await client.connect()
  if (dbName) {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [dbName])
    if (!rowCount) await client.query(`create database "${dbName.replace(/"/g, '')}"`)
  }
  await client.end()
} catch (e) {
  console.error(e.message)
  process.exit(1)
}
