import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { createDb, type DbHandle } from '../create-db.js'
import { migrateToLatest } from '../migrate.js'
import { TEMPLATE_ENV } from './template-path.js'

export interface TestDatabase {
  name: 'pglite' | 'postgres'
  /** A fresh, migrated, empty database of its own: a PGlite copy or a new PostgreSQL schema. */
  open(): Promise<DbHandle & { url?: string }>
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export function testDatabases(env: Record<string, string | undefined> = process.env): TestDatabase[] {
  const out: TestDatabase[] = [
    {
      name: 'pglite',
      async open() {
        const template = env[TEMPLATE_ENV]
        const loadDataDir = template ? new Blob([await readFile(template)]) : undefined
        const handle = await createDb({ kind: 'pglite', dataDir: null, ...(loadDataDir ? { loadDataDir } : {}) })
        await migrateToLatest(handle.db)
        return handle
      },
    },
  ]
  const url = env.DATABASE_URL
  if (url) {
    out.push({
      name: 'postgres',
      async open() {
        const schema = `t_${randomBytes(6).toString('hex')}`
        const handle = await createDb({ kind: 'postgres', url, schema, poolMax: 4 })
        await migrateToLatest(handle.db)
        // Another process (a worker under test) reaches the same schema through this URL.
        const schemaUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
        return { ...handle, url: schemaUrl, close: () => handle.close({ dropSchema: true }) }
      },
    })
  }
  return out
}
