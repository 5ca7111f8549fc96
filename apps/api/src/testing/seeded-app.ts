import type { TestDatabase } from '@cockpit/db/testing'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { pino } from 'pino'
import { createApp } from '../app.js'

/** A fresh database with the five plans seeded, and the API over it at a pinned clock. */
export async function seededApp(target: TestDatabase, now = new Date('2024-06-30T04:00:00Z')) {
  const handle = await target.open()
  await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
  const app = createApp({ db: handle.db, dbKind: handle.kind, logger: pino({ level: 'silent' }), now: () => now, version: 'test' })
  return { app, handle }
}
