import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { insertCityWithDistricts, insertDepartment, insertIndicator, insertPlan } from '../../catalog/test-rows.js'
import { freshDatabaseEach } from '../../kernel/test-database.js'
import { checkItems } from './check-items.js'
import type { RawItem } from './raw-items.js'

const row = (n: number, indicator: number, jurisdiction: unknown, period = '2025-03'): RawItem => ({
  row: n,
  indicator,
  jurisdiction,
  period,
  value: 10 + n,
  percentFormatted: false,
  note: null,
  reason: null,
})

describe.each(testDatabases())('checkItems places on $name', (target) => {
  let db: Kysely<Database>
  let cityIndicator: number
  let districtIndicator: number
  let dept: number
  freshDatabaseEach(target, async (opened) => {
    db = opened
    await insertCityWithDistricts(db)
    // A second city, outside 南昌市: known, but not a place 南昌市's indicators may be reported for.
    await db
      .insertInto('jurisdictions')
      .values({ code: '360200', name: '景德镇市', level: 'city', parent_code: null })
      .execute()
    const plan = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
    dept = await insertDepartment(db, '360100', 'szsj', '市数据局')
    const indicator = (key: string, code: string, position: number) =>
      insertIndicator(
        db,
        { plan_id: plan, key, jurisdiction_code: code, name: `指标${key}`, unit: '个', measure: 'count', position },
        { lead: dept },
      )
    cityIndicator = await indicator('city', '360100', 1)
    districtIndicator = await indicator('district', '360102', 2)
  })

  // The checks read only the places a batch names and their ancestors: every kind of place code must still be
  // told apart as it was when the whole tree was read.
  it('accepts the place itself, a place below it and an empty place, and refuses unknown and outside places', async () => {
    const checked = await checkItems(
      db,
      [
        row(1, cityIndicator, '360100'),
        row(2, cityIndicator, ' 360102 '),
        row(3, cityIndicator, 360103),
        row(4, cityIndicator, '', '2025-04'),
        row(5, cityIndicator, '360200'),
        row(6, cityIndicator, '999999'),
        row(7, cityIndicator, 'abc'),
        row(8, districtIndicator, '360100'),
        row(9, districtIndicator, null, '2025-04'),
      ],
      { departmentId: dept, asOf: '2025-12-20', fromFile: false, allOrNothing: false },
    )
    expect(checked.valid.map((v) => [v.row, v.jurisdictionCode])).toEqual([
      [1, '360100'],
      [2, '360102'],
      [3, '360103'],
      [4, '360100'],
      [9, '360102'],
    ])
    expect(checked.errors.map((e) => [e.row, e.code])).toEqual([
      [5, 'foreign_jurisdiction'],
      [6, 'unknown_jurisdiction'],
      [7, 'unknown_jurisdiction'],
      [8, 'foreign_jurisdiction'],
    ])
    expect(checked.errors.find((e) => e.row === 5)?.message).toBe('指标「指标city」属于 360100,不能为 360200 填报')
  })
})
