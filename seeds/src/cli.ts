import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createDb, dbConfigFromEnv, migrateToLatest } from '@cockpit/db'
import { loadSeeds } from './load-seeds.js'
import { readSeedFiles, SeedValidationError } from './read-seed-files.js'

// pnpm db:seed — migrates, then loads seeds/data idempotently into DATABASE_URL or the embedded PGlite.
const config = dbConfigFromEnv(process.env, process.cwd())
if (config.kind === 'pglite' && config.dataDir) mkdirSync(dirname(config.dataDir), { recursive: true })
const handle = await createDb(config)
try {
  await migrateToLatest(handle.db)
  // Quotes are checked by the test suite; loading must also work on a clone without ../shared.
  const summary = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
  const j = summary.jurisdictions
  console.log(
    `jurisdictions from ${j.source}: ${j.provinces.map((p) => `${p.name} ${p.cities} cities, ${p.counties} counties`).join('; ')}`,
  )
  for (const note of j.notes) console.log(`  ${note}`)
  for (const p of summary.plans)
    console.log(
      `${p.plan} (${p.jurisdiction}): ${p.indicators} indicators, ${p.targets} targets, ${p.tasks} tasks, ${p.milestones} milestones, ${p.departments} departments`,
    )
  console.log(`seed: ${summary.changed} rows inserted or changed`)
} catch (e) {
  console.error(e instanceof SeedValidationError ? e.message : e)
  process.exitCode = 1
} finally {
  await handle.close()
}
