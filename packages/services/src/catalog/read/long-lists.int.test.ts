// Lists that grow with the country (every indicator, every series) must not hit PostgreSQL's 65,535 bind parameters.
import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceContext } from '../../kernel/context.js'
import { ServiceError } from '../../kernel/errors.js'
import { adminPrincipal } from '../../kernel/principal.js'
import { insertDepartment, insertPlan } from '../test-rows.js'
import { indicatorsIn, listIndicatorPage } from './indicators.js'

const COUNT = 70_000

/** One province, one plan and COUNT monthly indicators, each with a target and a lead department, built in SQL. */
async function manyIndicators(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values({ code: '320000', name: '江苏省', level: 'province', parent_code: null })
    .execute()
  const planId = await insertPlan(db, 'js', '320000', '江苏省人民政府')
  const dept = await insertDepartment(db, '320000', 'sjj', '省数据局')
  await sql`insert into indicators (plan_id, key, jurisdiction_code, name, unit, measure, direction, nature, cadence,
      cite_section, cite_quote, position)
    select ${planId}, 'k' || n, '320000', '指标' || n, '%', 'percent', 'higher', 'expected', 'monthly', 's', 'q', n
    from generate_series(1, ${COUNT}) n`.execute(db)
  await sql`insert into indicator_targets (indicator_id, year, due_date, comparator, value)
    select id, 2025, '2025-12-31', 'gte', 90 from indicators`.execute(db)
  await sql`insert into indicator_departments (indicator_id, department_id, role)
    select id, ${dept}, 'lead' from indicators`.execute(db)
}

describe.each(testDatabases())('lists of the whole country on $name', (target) => {
  let handle: DbHandle
  let db: Kysely<Database>
  beforeAll(async () => {
    handle = await target.open()
    db = handle.db
    await manyIndicators(db)
  }, 120_000)
  afterAll(() => handle?.close())
  const asAdmin = () => serviceContext(db, adminPrincipal('user:t'), new Date('2025-06-30T12:00:00+08:00'))

  it('lists more indicators than PostgreSQL takes bind parameters, each with its target and department', async () => {
    const items = await indicatorsIn(db, {}, '2025-06-30', null)
    expect(items).toHaveLength(COUNT)
    const last = items.find((i) => i.key === `k${COUNT}`)!
    expect(last.targets.map((t) => t.value)).toEqual([90])
    expect(last.departments.map((d) => d.name)).toEqual(['省数据局'])
  }, 120_000)

  it('pages a country-wide list by keyset: every indicator once, in list order, the total on each page', async () => {
    const seen: string[] = []
    let after: string | undefined
    let pages = 0
    do {
      const page = await listIndicatorPage(asAdmin(), { limit: 25_000, ...(after ? { after } : {}) })
      expect(page.total).toBe(COUNT)
      expect(page.items.length).toBeLessThanOrEqual(25_000)
      seen.push(...page.items.map((i) => i.key))
      after = page.nextCursor ?? undefined
      pages++
    } while (after)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(COUNT)
    expect(new Set(seen).size).toBe(COUNT)
    // The same order as the whole list: position within the plan.
    expect(seen.slice(0, 3)).toEqual(['k1', 'k2', 'k3'])
    expect(seen.at(-1)).toBe(`k${COUNT}`)
  }, 120_000)

  it('caps a page without a limit and refuses a forged cursor, naming the parameter', async () => {
    const first = await listIndicatorPage(asAdmin(), {})
    expect(first.items).toHaveLength(5000)
    expect(first.nextCursor).not.toBeNull()
    const forged = listIndicatorPage(asAdmin(), { after: Buffer.from('["x"]').toString('base64url') })
    await expect(forged).rejects.toBeInstanceOf(ServiceError)
    await expect(forged).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'after' }] })
  }, 120_000)
})
