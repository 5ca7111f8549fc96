import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { dbConfigFromEnv } from '../config-from-env.js'
import { createDb } from '../create-db.js'
import { migrateToLatest } from '../migrate.js'

// pnpm db:migrate — applies pending migrations to DATABASE_URL or the embedded PGlite under DATA_DIR.
const config = dbConfigFromEnv(process.env, process.cwd())
if (config.kind === 'pglite' && config.dataDir) mkdirSync(dirname(config.dataDir), { recursive: true })
const handle = await createDb(config)
try {
  const applied = await migrateToLatest(handle.db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  await handle.close()
}
