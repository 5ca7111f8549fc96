// The nightly sweep and the periodic alert pass: each series once, and a status that did not change is not rewritten.
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { insertCityWithDistricts, insertIndicator, insertPlan } from '../catalog/test-rows.js'
import { allStatusKeys, recomputeStatuses, statusSeriesKeys } from './recompute.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

/** A city with two districts; one monthly indicator at the city with a target, reported by the city and a district. */
async function fixture(db: Kysely<Database>): Promise<number> {
  await insertCityWithDistricts(db)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
  const id = await insertIndicator(db, {
    plan_id: planId,
    key: 'rate',
    jurisdiction_code: '360100',
    name: '政务服务网办率',
    unit: '%',
    measure: 'percent',
    position: 1,
  })
  // The city twice (a revision), the district once: two series, three observations.
  for (const [code, period, value] of [
    ['360100', '2025-01', 80],
    ['360100', '2025-01', 81],
    ['360100', '2025-02', 82],
    ['360102', '2025-01', 70],
  ] as const)
    await db
      .insertInto('observations')
      .values({
        indicator_id: id,
        jurisdiction_code: code,
        period_key: period,
        period_end: period === '2025-01' ? '2025-01-31' : '2025-02-28',
        value,
        submission_id: null,
        item_seq: null,
        source: 'api',
        department_id: null,
        user_id: null,
        token_id: null,
        note: null,
        reason: null,
        reported_at: new Date('2025-03-01T00:00:00Z'),
        reviewed_at: null,
        reviewed_by: null,
        review_comment: null,
      })
      .execute()
  return id
}

/** The row version of each stored status: it changes whenever the row is written. */
const versions = async (db: Kysely<Database>) =>
  (
    await sql<{ jurisdiction_code: string; v: string }>`
      select jurisdiction_code, xmin::text as v from indicator_status order by jurisdiction_code`.execute(db)
  ).rows

describe.each(testDatabases())('status sweep on $name', (target) => {
  let db: Kysely<Database>
  let indicator: number
  freshDatabaseEach(target, async (opened) => {
    db = opened
    indicator = await fixture(db)
  })

  it('lists every series once: the indicator at its own place and each place that reported it', async () => {
    expect(await allStatusKeys(db)).toEqual([
      { indicatorId: indicator, jurisdictionCode: '360100' },
      { indicatorId: indicator, jurisdictionCode: '360102' },
    ])
  })

  it('reads the alert pass its series from the stored statuses, each once', async () => {
    expect(await statusSeriesKeys(db)).toEqual([{ indicatorId: indicator, jurisdictionCode: '360100' }])
    await recomputeStatuses(db, await allStatusKeys(db), '2025-03-05', new Date('2025-03-05T01:00:00Z'))
    expect(await statusSeriesKeys(db)).toEqual([
      { indicatorId: indicator, jurisdictionCode: '360100' },
      { indicatorId: indicator, jurisdictionCode: '360102' },
    ])
  })

  it('does not rewrite a status that a repeated recompute finds unchanged, and rewrites it the next day', async () => {
    const keys = await allStatusKeys(db)
    await recomputeStatuses(db, keys, '2025-03-05', new Date('2025-03-05T01:00:00Z'))
    const first = await versions(db)
    expect(first).toHaveLength(2)
    await recomputeStatuses(db, keys, '2025-03-05', new Date('2025-03-05T02:00:00Z'))
    expect(await versions(db)).toEqual(first)
    const city = await db
      .selectFrom('indicator_status')
      .select(['latest_value', 'computed_at'])
      .where('jurisdiction_code', '=', '360100')
      .executeTakeFirstOrThrow()
    expect(city).toEqual({ latest_value: 82, computed_at: new Date('2025-03-05T01:00:00Z') })

    await recomputeStatuses(db, keys, '2025-03-06', new Date('2025-03-06T01:00:00Z'))
    const next = await versions(db)
    expect(next.map((r) => r.v)).not.toContain(first[0]!.v)
    const asOf = await db.selectFrom('indicator_status').select('as_of').distinct().execute()
    expect(asOf.map((r) => r.as_of)).toEqual(['2025-03-06'])
  })
})
