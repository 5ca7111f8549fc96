// The per-test database the services' integration tests share: a fresh one for each test, closed after it.
import type { Database, DbHandle } from '@cockpit/db'
import type { TestDatabase } from '@cockpit/db/testing'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach } from 'vitest'

/**
 * Inside a `describe`: opens a fresh `target` database before each test and hands it to `setup` (which builds the
 * test's rows and keeps what it needs), and closes it after the test.
 */
export function freshDatabaseEach(target: TestDatabase, setup: (db: Kysely<Database>) => Promise<void>): void {
  let handle: DbHandle | undefined
  beforeEach(async () => {
    handle = await target.open()
    await setup(handle.db)
  })
  afterEach(async () => {
    await handle?.close()
  })
}
