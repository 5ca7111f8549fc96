import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createDb } from './create-db.js'
import { migrateToLatest } from './migrate.js'

describe('embedded database under concurrent use', () => {
  it('keeps each transaction to itself while other queries run at the same time', async () => {
    const handle = await createDb({ kind: 'pglite', dataDir: null })
    try {
      await migrateToLatest(handle.db)
      await handle.db
        .insertInto('jurisdictions')
        .values({ code: '360100', name: '南昌市', level: 'city', parent_code: null })
        .execute()
      // Transactions that roll back interleaved with plain reads: without serialising, a read inside
      // another's transaction sees its uncommitted row, or PGlite fails with "unexpected state".
      const work = Array.from({ length: 20 }, async (_, n) => {
        if (n % 2)
          return handle.db
            .transaction()
            .execute(async (trx) => {
              await trx
                .insertInto('jurisdictions')
                .values({
                  code: `3601${String(n).padStart(2, '0')}`,
                  name: `区${n}`,
                  level: 'county',
                  parent_code: '360100',
                })
                .execute()
              // Yield to the event loop mid-transaction, as real work (an HTTP call, a parse) does.
              await new Promise((r) => setTimeout(r, 50))
              throw new Error('roll back')
            })
            .catch(() => 'rolled back')
        // Read while the transactions above are mid-flight.
        await new Promise((r) => setTimeout(r, 20 + n * 5))
        return (await sql<{ n: number }>`select count(*)::int as n from jurisdictions`.execute(handle.db)).rows[0]!.n
      })
      const results = await Promise.all(work)
      expect(results.filter((r) => typeof r === 'number')).toEqual(Array(10).fill(1))
    } finally {
      await handle.close()
    }
  })
})
