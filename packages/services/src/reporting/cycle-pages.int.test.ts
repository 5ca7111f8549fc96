// The cycle builds periods a page of indicators at a time; every indicator must still be tracked, and the
// overdue list's total must count every period, not the page it returns.
import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runReportingCycle } from './cycle.js'
import { overdueReports } from './read.js'
import { insertCityWithDistricts, insertDepartment, insertPlan } from '../catalog/test-rows.js'

const INDICATORS = 1_234

async function fixture(db: Kysely<Database>): Promise<void> {
  await insertCityWithDistricts(db, 0)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
  const dept = await insertDepartment(db, '360100', 'sjj', '市数据局')
  await sql`insert into indicators (plan_id, key, jurisdiction_code, name, unit, measure, direction, nature, cadence,
      cite_section, cite_quote, position)
    select ${planId}, 'k' || n, '360100', '指标' || n, '%', 'percent', 'higher', 'expected', 'monthly', 's', 'q', n
    from generate_series(1, ${INDICATORS}) n`.execute(db)
  await sql`insert into indicator_departments (indicator_id, department_id, role)
    select id, ${dept}, 'lead' from indicators`.execute(db)
}

describe.each(testDatabases())('reporting cycle over many indicators on $name', (target) => {
  let handle: DbHandle
  let db: Kysely<Database>
  beforeAll(async () => {
    handle = await target.open()
    db = handle.db
    await fixture(db)
  }, 60_000)
  afterAll(() => handle?.close())

  it('tracks the periods of every indicator, across pages, and a rerun changes nothing', async () => {
    const now = new Date('2025-03-05T10:00:00+08:00')
    const first = await runReportingCycle(db, { now })
    expect(first.indicators).toBe(INDICATORS)
    // January (overdue), February (due soon) and March (open) for each.
    expect(first.periods).toBe(INDICATORS * 3)
    const { n } = await db
      .selectFrom('reporting_periods')
      .select(db.fn.countAll<string>().as('n'))
      .where('indicator_id', 'is not', null)
      .executeTakeFirstOrThrow()
    expect(Number(n)).toBe(INDICATORS * 3)
    expect((await runReportingCycle(db, { now })).changed).toBe(0)
  }, 60_000)

  it('answers the overdue list a page of rows and the total of all of them', async () => {
    const overdue = await overdueReports(
      db,
      { jurisdictions: null, departmentId: null },
      { asOf: '2025-03-05', limit: 50 },
    )
    expect(overdue.items).toHaveLength(50)
    expect(overdue.total).toBe(INDICATORS)
    expect(overdue.items.every((i) => i.periodKey === '2025-01' && i.state === 'overdue')).toBe(true)
    const none = await overdueReports(db, { jurisdictions: ['360199'], departmentId: null }, { asOf: '2025-03-05' })
    expect(none).toEqual({ items: [], total: 0 })
  }, 60_000)
})
