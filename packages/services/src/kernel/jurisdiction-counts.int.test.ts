import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import type { JurisdictionNode } from '@cockpit/contracts'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { EXPECTED_INDICATOR, insertCityWithDistricts, insertIndicator, insertPlan } from '../catalog/test-rows.js'
import { freshDatabaseEach } from './test-database.js'
import { getJurisdiction, jurisdictionTree } from './jurisdictions.js'

/** code → [indicators, plans] as the tree shows them. */
async function counts(db: Kysely<Database>): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {}
  const walk = (nodes: JurisdictionNode[]) => {
    for (const n of nodes) {
      out[n.code] = [n.indicatorCount, n.planCount]
      walk(n.children)
    }
  }
  walk(await jurisdictionTree(db, null))
  return out
}

const indicator = (plan: number, key: string, code: string) => ({
  plan_id: plan,
  key,
  jurisdiction_code: code,
  name: `指标${key}`,
  unit: '个',
  measure: 'count' as const,
  position: 1,
})

describe.each(testDatabases())("each place's indicator and plan counts on $name", (target) => {
  let db: Kysely<Database>
  freshDatabaseEach(target, async (opened) => {
    db = opened
    await insertCityWithDistricts(db)
  })

  it('follow inserts, moves and deletes of indicators and plans, in one statement or many', async () => {
    expect(await counts(db)).toEqual({ '360100': [0, 0], '360102': [0, 0], '360103': [0, 0] })
    const plan = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
    const a = await insertIndicator(db, indicator(plan, 'a', '360100'))
    // Several rows of several places in one statement (as a plan import writes them).
    await db
      .insertInto('indicators')
      .values(
        ['b', 'c', 'd'].map((key, i) => ({
          ...indicator(plan, key, i === 0 ? '360100' : '360102'),
          ...EXPECTED_INDICATOR,
          cadence: 'monthly' as const,
        })),
      )
      .execute()
    expect(await counts(db)).toEqual({ '360100': [2, 1], '360102': [2, 0], '360103': [0, 0] })

    // A move counts at the new place only; an update that moves nothing changes nothing.
    await db.updateTable('indicators').set({ jurisdiction_code: '360103' }).where('key', '=', 'd').execute()
    await db.updateTable('indicators').set({ name: '改名' }).where('plan_id', '=', plan).execute()
    expect(await counts(db)).toEqual({ '360100': [2, 1], '360102': [1, 0], '360103': [1, 0] })
    expect(await getJurisdiction(db, '360103', null)).toMatchObject({ indicatorCount: 1, planCount: 0 })

    await db.deleteFrom('indicators').where('id', '=', a).execute()
    await insertPlan(db, 'xh', '360103', '西湖区人民政府')
    expect(await counts(db)).toEqual({ '360100': [1, 1], '360102': [1, 0], '360103': [1, 1] })
    // Deleting a plan takes its indicators with it (cascade): both counts follow.
    await db.deleteFrom('plans').where('id', '=', plan).execute()
    expect(await counts(db)).toEqual({ '360100': [0, 0], '360102': [0, 0], '360103': [0, 1] })
  })

  it('keep a retired place in the tree only while something still hangs on it', async () => {
    const plan = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
    await insertIndicator(db, indicator(plan, 'a', '360102'))
    await db.updateTable('jurisdictions').set({ retired_at: new Date() }).where('code', 'like', '3601__').execute()
    expect(Object.keys(await counts(db))).toEqual(['360100', '360102'])
    await db.deleteFrom('indicators').execute()
    expect(Object.keys(await counts(db))).toEqual(['360100'])
  })
})
