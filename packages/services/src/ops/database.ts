import { type Database, pingDb } from '@cockpit/db'
import type { Kysely } from 'kysely'

/**
 * Whether the database answers now. While the pool already knows the server is away (`available` says no),
 * the answer is given at once instead of after a ping's timeout, so health checks stay fast during an outage.
 */
export function databaseReachable(db: Kysely<Database>, available?: () => boolean): Promise<boolean> {
  return available && !available() ? Promise.resolve(false) : pingDb(db)
}
