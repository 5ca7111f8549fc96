// Processed on the calling thread: the test drives ingest and the drain directly, without the worker.
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { readUpload } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { serviceContext } from '../kernel/context.js'
import { adminPrincipal } from '../kernel/principal.js'
import { processSubmission } from '../pipeline/ingest/process-submission.js'
import { getSubmission } from '../pipeline/submissions/read.js'
import { submitValues } from '../pipeline/submissions/submit.js'
import { insertCityWithDistricts, insertDepartment, insertIndicator, insertPlan } from '../catalog/test-rows.js'
import { drainStatusMarks, drainWithin } from './marks.js'
import { allStatusKeys, recomputeStatuses } from './recompute.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

const admin = adminPrincipal('user:test-admin')
const NOW = new Date('2025-12-20T10:00:00+08:00')
const ctx = { now: NOW, asOf: '2025-12-20' }

interface Fixture {
  /** Reported by the city itself. */
  own: number
  /** Summed from the two districts (roll-up, derived at the city). */
  summed: number
}

/** One city with two districts, a plan with a monthly indicator reported by the city and one summed from its districts. */
async function fixture(db: Kysely<Database>): Promise<Fixture> {
  await insertCityWithDistricts(db)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
  const dept = await insertDepartment(db, '360100', 'szsj', '市数据局')
  const indicator = (key: string, measure: 'percent' | 'count', unit: string, position: number) =>
    insertIndicator(
      db,
      { plan_id: planId, key, jurisdiction_code: '360100', name: `指标${key}`, unit, measure, position },
      { lead: dept },
    )
  const own = await indicator('own', 'percent', '%', 1)
  const summed = await indicator('sum', 'count', '个', 2)
  await db
    .insertInto('indicator_rollups')
    .values({ indicator_id: summed, rule: 'sum', weight_indicator_id: null, min_coverage: 1, own_value: 'derived' })
    .execute()
  return { own, summed }
}

/** Stores a submission as the API does and runs the real ingest on it (no drain). */
async function ingest(
  db: Kysely<Database>,
  items: { indicator: number; jurisdiction?: string; period: string; value: number }[],
): Promise<string> {
  const queued: string[] = []
  const accepted = await submitValues(
    serviceContext(db, admin, NOW),
    { items },
    {},
    { enqueue: async (id) => void queued.push(id) },
  )
  for (const id of queued) await processSubmission(db, id, { ...ctx, readUpload })
  return accepted.id
}

const statusOf = (db: Kysely<Database>, indicatorId: number, code = '360100') =>
  db
    .selectFrom('indicator_status')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('jurisdiction_code', '=', code)
    .executeTakeFirst()
const markCount = async (db: Kysely<Database>) =>
  Number((await db.selectFrom('status_marks').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe.each(testDatabases())('coalesced status recompute on $name', (target) => {
  let db: Kysely<Database>
  let f: Fixture
  freshDatabaseEach(target, async (opened) => {
    db = opened
    f = await fixture(db)
  })

  it('leaves the status to the drain, which recomputes a pair marked by many submissions once, from the final values', async () => {
    const ids: string[] = []
    for (const [month, value] of [
      ['2025-01', 40],
      ['2025-02', 50],
      ['2025-03', 60],
      ['2025-03', 65],
      ['2025-04', 70],
    ] as const)
      ids.push(await ingest(db, [{ indicator: f.own, period: month, value }]))
    // Stored and acknowledged, status not yet: the submission says so.
    expect(await statusOf(db, f.own)).toBeUndefined()
    expect(await markCount(db)).toBe(5)
    expect((await getSubmission(serviceContext(db, admin, NOW), ids[0]!)).statusPending).toBe(true)

    const drained = await drainStatusMarks(db, ctx)
    expect(drained).toMatchObject({ marks: 5, periods: 4 })
    // One change for the pair, carrying the last month's corrected value.
    expect(drained.changes.filter((c) => c.indicatorId === f.own)).toEqual([
      expect.objectContaining({ jurisdictionCode: '360100', latestValue: 70, latestPeriodKey: '2025-04' }),
    ])
    expect(await statusOf(db, f.own)).toMatchObject({
      latest_value: 70,
      latest_period_key: '2025-04',
      observation_count: 4,
    })
    expect(await markCount(db)).toBe(0)
    expect((await getSubmission(serviceContext(db, admin, NOW), ids[0]!)).statusPending).toBe(false)
    // Nothing left: a second drain finds no work and changes nothing.
    expect(await drainStatusMarks(db, ctx)).toEqual({ marks: 0, periods: 0, changes: [] })
  })

  it("derives a parent's roll-up in the drain from every district's value, whichever submission brought it", async () => {
    await ingest(db, [{ indicator: f.summed, jurisdiction: '360102', period: '2025-05', value: 3 }])
    await ingest(db, [{ indicator: f.summed, jurisdiction: '360103', period: '2025-05', value: 4 }])
    expect(await statusOf(db, f.summed)).toBeUndefined()
    const drained = await drainStatusMarks(db, ctx)
    expect(drained.changes.map((c) => c.jurisdictionCode).sort()).toEqual(['360100', '360102', '360103'])
    expect(await statusOf(db, f.summed)).toMatchObject({ latest_value: 7, latest_period_key: '2025-05' })
    // One derived value: the two districts' submissions did not each insert a roll-up.
    const derived = await db
      .selectFrom('observations')
      .select('value')
      .where('indicator_id', '=', f.summed)
      .where('source', '=', 'rollup')
      .execute()
    expect(derived).toEqual([{ value: 7 }])
  })

  it('keeps the marks of a drain that dies before commit, so the next drain still recomputes every pair', async () => {
    await ingest(db, [
      { indicator: f.own, period: '2025-06', value: 55 },
      { indicator: f.summed, jurisdiction: '360102', period: '2025-06', value: 2 },
    ])
    await ingest(db, [{ indicator: f.summed, jurisdiction: '360103', period: '2025-06', value: 5 }])
    await expect(
      db.transaction().execute(async (trx) => {
        const r = await drainWithin(trx, ctx)
        expect(r.marks).toBe(2)
        throw new Error('worker killed mid-drain')
      }),
    ).rejects.toThrow('worker killed mid-drain')
    expect(await markCount(db)).toBe(2)
    expect(await statusOf(db, f.own)).toBeUndefined()

    // The restarted worker's drain (the periodic one, or the next ask) takes them.
    await drainStatusMarks(db, ctx)
    expect(await statusOf(db, f.own)).toMatchObject({ latest_value: 55, observation_count: 1 })
    expect(await statusOf(db, f.summed)).toMatchObject({ latest_value: 7 })
    expect(await statusOf(db, f.summed, '360103')).toMatchObject({ latest_value: 5 })
    expect(await markCount(db)).toBe(0)
  })

  it('ingests submissions of the same month side by side, and drains in small takes reach the same final state', async () => {
    const months = ['2025-07', '2025-08', '2025-09']
    // Four submissions at once, all touching the same pairs: ingest takes no per-pair lock any more.
    await Promise.all(
      [0, 1, 2, 3].map((n) =>
        ingest(db, [
          { indicator: f.own, period: months[n % 3]!, value: 10 + n },
          { indicator: f.summed, jurisdiction: n % 2 ? '360102' : '360103', period: months[n % 3]!, value: n + 1 },
        ]),
      ),
    )
    expect(await markCount(db)).toBe(4)
    // One mark per take: several drains, each committing on its own.
    let takes = 0
    while ((await drainStatusMarks(db, ctx, 1)).marks > 0) takes++
    expect(takes).toBe(4)
    const own = await db
      .selectFrom('observations')
      .select(['period_key', 'value'])
      .where('indicator_id', '=', f.own)
      .orderBy('revision', 'desc')
      .orderBy('id', 'desc')
      .execute()
    const newestSep = own.find((o) => o.period_key === '2025-09')!.value
    expect(await statusOf(db, f.own)).toMatchObject({
      latest_period_key: '2025-09',
      latest_value: newestSep,
      observation_count: 3,
    })
  })

  it('drains many marks in takes bounded by keys to the statuses the nightly recompute computes', async () => {
    // Twelve submissions, months of both indicators, one district alone some months (an incomplete roll-up).
    for (let m = 1; m <= 12; m++) {
      const period = `2025-${String(m).padStart(2, '0')}`
      await ingest(db, [
        { indicator: f.own, period, value: 30 + m * 3 },
        { indicator: f.summed, jurisdiction: '360102', period, value: m },
        ...(m % 4 === 0 ? [] : [{ indicator: f.summed, jurisdiction: '360103', period, value: 2 * m }]),
      ])
    }
    expect(await markCount(db)).toBe(12)
    // At most 5 keys a take: a mark of 3 keys goes with at most one other, never more.
    const takes: number[] = []
    for (;;) {
      const d = await drainStatusMarks(db, ctx, 200, 5)
      if (d.marks === 0) break
      takes.push(d.marks)
      expect(d.periods).toBeLessThanOrEqual(6)
    }
    expect(takes.reduce((a, b) => a + b, 0)).toBe(12)
    expect(takes.every((n) => n <= 2)).toBe(true)
    const statuses = () =>
      db.selectFrom('indicator_status').selectAll().orderBy('indicator_id').orderBy('jurisdiction_code').execute()
    const drained = await statuses()
    expect(drained.map((s) => [s.indicator_id, s.jurisdiction_code])).toEqual([
      [f.own, '360100'],
      [f.summed, '360100'],
      [f.summed, '360102'],
      [f.summed, '360103'],
    ])
    expect(drained.find((s) => s.indicator_id === f.summed && s.jurisdiction_code === '360100')).toMatchObject({
      latest_period_key: '2025-11',
      latest_value: 33,
      reason: expect.stringContaining('下级上报不足 (1/2)'),
    })
    // The nightly sweep over every series finds nothing to change.
    const changes = await db
      .transaction()
      .execute(async (trx) => recomputeStatuses(trx, await allStatusKeys(trx), ctx.asOf, ctx.now))
    expect(changes).toEqual([])
    expect(await statuses()).toEqual(drained)
  })
})
