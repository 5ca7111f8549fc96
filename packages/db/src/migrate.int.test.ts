import { type Kysely, sql } from 'kysely'
import type { Database } from './database.js'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from './migrate.js'
import { testDatabases } from './testing/index.js'

/** 南昌市 and a 2022–2025 plan of it issued 2023-02-23; the plan's id and issue date as read back. */
async function insertCityPlan(db: Kysely<Database>) {
  await db
    .insertInto('jurisdictions')
    .values({ code: '360100', name: '南昌市', level: 'city', parent_code: null })
    .execute()
  return db
    .insertInto('plans')
    .values({
      key: 'p',
      jurisdiction_code: '360100',
      title: 't',
      doc_number: null,
      issuer: 'i',
      issued_on: '2023-02-23',
      start_year: 2022,
      end_year: 2025,
      vision_year: null,
      source_file: 'f',
      cite_section: 's',
      cite_quote: 'q',
    })
    .returning(['id', 'issued_on'])
    .executeTakeFirstOrThrow()
}

describe.each(testDatabases())('migrations on $name', (target) => {
  it('creates every table and is a no-op when run again', async () => {
    const handle = await target.open()
    try {
      expect(await migrateToLatest(handle.db)).toEqual([])
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = current_schema() order by 1`.execute(
        handle.db,
      )
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          'jurisdictions',
          'plans',
          'pillars',
          'departments',
          'indicators',
          'indicator_targets',
          'tasks',
        ]),
      )
    } finally {
      await handle.close()
    }
  })

  it('keeps dates as calendar strings whatever the host time zone', async () => {
    const handle = await target.open()
    try {
      const plan = await insertCityPlan(handle.db)
      expect(plan.issued_on).toBe('2023-02-23')
    } finally {
      await handle.close()
    }
  })

  it('rejects a range target without an upper bound', async () => {
    const handle = await target.open()
    try {
      const { id: planId } = await insertCityPlan(handle.db)
      const { id } = await handle.db
        .insertInto('indicators')
        .values({
          plan_id: planId,
          key: 'i',
          jurisdiction_code: '360100',
          pillar_id: null,
          name: 'n',
          unit: '个',
          measure: 'count',
          direction: 'higher',
          nature: 'expected',
          cadence: 'yearly',
          baseline_year: null,
          baseline_value: null,
          baseline_cite_section: null,
          baseline_cite_quote: null,
          cite_section: 's',
          cite_quote: 'q',
          note: null,
          position: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await expect(
        handle.db
          .insertInto('indicator_targets')
          .values({
            indicator_id: id,
            year: 2025,
            due_date: '2025-12-31',
            comparator: 'range',
            value: 1,
            value_max: null,
            cite_section: null,
            cite_quote: null,
          })
          .execute(),
      ).rejects.toThrow(/indicator_targets_range/)
    } finally {
      await handle.close()
    }
  })
})
