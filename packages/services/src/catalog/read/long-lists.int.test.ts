// Lists that grow with the country (every indicator, every series) must not hit PostgreSQL's 65,535 bind parameters.
import type { Database, DbHandle } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceError } from '../../kernel/errors.js'
import { listIndicatorPage, listIndicators } from './indicators.js'

const COUNT = 70_000

/** One province, one plan and COUNT monthly indicators, each with a target and a lead department, built in SQL. */
async function manyIndicators(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values({ code: '320000', name: '江苏省', level: 'province', parent_code: null })
    .execute()
  const { id: planId } = await db
    .insertInto('plans')
    .values({
      key: 'js',
      jurisdiction_code: '320000',
      title: '测试规划',
      doc_number: null,
      issuer: '江苏省人民政府',
      issued_on: '2025-01-15',
      start_year: 2025,
      end_year: 2025,
      vision_year: null,
      source_file: 'f.txt',
      cite_section: 's',
      cite_quote: 'q',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const { id: dept } = await db
    .insertInto('departments')
    .values({ jurisdiction_code: '320000', key: 'sjj', name: '省数据局', full_name: null })
    .returning('id')
    .executeTakeFirstOrThrow()
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

  it('lists more indicators than PostgreSQL takes bind parameters, each with its target and department', async () => {
    const items = await listIndicators(db, {}, '2025-06-30', null)
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
      const page = await listIndicatorPage(db, { limit: 25_000, ...(after ? { after } : {}) }, '2025-06-30', null)
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
    const first = await listIndicatorPage(db, {}, '2025-06-30', null)
    expect(first.items).toHaveLength(5000)
    expect(first.nextCursor).not.toBeNull()
    const forged = listIndicatorPage(db, { after: Buffer.from('["x"]').toString('base64url') }, '2025-06-30', null)
    await expect(forged).rejects.toBeInstanceOf(ServiceError)
    await expect(forged).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'after' }] })
  }, 120_000)
})
