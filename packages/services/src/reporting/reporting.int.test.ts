// Processed here on the calling thread: the test drives the service directly, without the worker's pool.
import { readUpload } from '@cockpit/tabular'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { periodOf, previousPeriod, shanghaiDate } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clockContext, serviceContext } from '../kernel/context.js'
import { adminPrincipal, type Principal } from '../kernel/principal.js'
import { processSubmission } from '../pipeline/ingest/process-submission.js'
import { submitValues } from '../pipeline/submissions/submit.js'
import { runReportingCycle } from './cycle.js'
import { pullDueSources } from './pull.js'
import { listReminders, overdueReports, reportingRates } from './read.js'
import { parseOutboundAllow } from '@cockpit/notify'
import { createSource, type SourceRules } from './sources.js'
import { submitPulled } from './submit-pulled.js'
import { insertCityWithDistricts, insertDepartment, insertIndicator, insertPlan } from '../catalog/test-rows.js'
import { freshDatabaseEach } from '../kernel/test-database.js'

/** What an administrator configures for these tests: loopback sources allowed, csv-file sources in a temporary directory. */
const rules: SourceRules & { sourceFilesDir: string | null } = {
  outbound: parseOutboundAllow('127.0.0.1/8'),
  sourceFilesDir: null,
}
const admin = adminPrincipal('user:test-admin')
/** 10:00 in Beijing on that calendar day. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`)

interface Fixture {
  deptA: number
  deptB: number
  deptC: number
  monthly: number
  quarterly: number
  yearly: number
}

/** One city, three departments, a plan over the given years with a monthly, a quarterly and a yearly indicator. */
async function fixture(db: Kysely<Database>, years: { start: number; end: number }): Promise<Fixture> {
  await insertCityWithDistricts(db, 1)
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府', {
    issued_on: `${years.start}-01-15`,
    start_year: years.start,
    end_year: years.end,
  })
  const deptA = await insertDepartment(db, '360100', 'szsj', '市数据局')
  const deptB = await insertDepartment(db, '360100', 'zwb', '市政务办')
  const deptC = await insertDepartment(db, '360100', 'tjj', '市统计局')
  const indicator = async (key: string, cadence: 'monthly' | 'quarterly' | 'yearly', lead: number, position: number) =>
    insertIndicator(
      db,
      {
        plan_id: planId,
        key,
        jurisdiction_code: '360100',
        name: `指标${key}`,
        unit: '%',
        measure: 'percent',
        position,
      },
      { cadence, targetYear: years.end, lead },
    )
  return {
    deptA,
    deptB,
    deptC,
    monthly: await indicator('m', 'monthly', deptA, 1),
    quarterly: await indicator('q', 'quarterly', deptB, 2),
    yearly: await indicator('y', 'yearly', deptC, 3),
  }
}

const periodsOf = (db: Kysely<Database>, indicatorId: number) =>
  db.selectFrom('reporting_periods').selectAll().where('indicator_id', '=', indicatorId).orderBy('period_end').execute()

/** A disabled HTTP source of the indicator, for pulledAt to store values under; its id. */
const disabledSource = async (db: Kysely<Database>, indicator: number) =>
  (
    await createSource(
      serviceContext(db, admin, new Date()),
      {
        indicator,
        kind: 'http-json',
        location: 'http://127.0.0.1:9/x',
        fieldPath: 'v',
        everyMinutes: 60,
        enabled: false,
      },
      rules,
    )
  ).id

/** Stores values as an external pull at a chosen instant and runs the real ingest on them. */
async function pulledAt(
  db: Kysely<Database>,
  now: Date,
  sourceId: number,
  items: { indicator: number; period: string; value: number; reason?: string }[],
) {
  const queued: string[] = []
  const accepted = await submitPulled(db, { sourceId, departmentId: null, items }, clockContext(now), {
    enqueue: async (id) => void queued.push(id),
  })
  for (const id of queued) await processSubmission(db, id, { now, asOf: shanghaiDate(now), readUpload })
  return db.selectFrom('submissions').selectAll().where('id', '=', accepted.id).executeTakeFirstOrThrow()
}

describe.each(testDatabases())('reporting discipline on $name', (target) => {
  let db: Kysely<Database>
  let f: Fixture
  freshDatabaseEach(target, async (opened) => {
    db = opened
    f = await fixture(db, { start: 2025, end: 2025 })
  })

  it('creates the periods owed up to the running one and moves them open → due-soon → overdue → missing as the clock moves', async () => {
    await runReportingCycle(db, { now: at('2025-03-05') })
    const early = await periodsOf(db, f.monthly)
    expect(early.map((r) => [r.period_key, r.due_date, r.state, r.department_id])).toEqual([
      ['2025-01', '2025-02-10', 'overdue', f.deptA],
      ['2025-02', '2025-03-10', 'due-soon', f.deptA],
      ['2025-03', '2025-04-10', 'open', f.deptA],
    ])
    expect((await periodsOf(db, f.quarterly)).map((r) => [r.period_key, r.due_date, r.state])).toEqual([
      ['2025-Q1', '2025-04-15', 'open'],
    ])
    expect((await periodsOf(db, f.yearly)).map((r) => [r.period_key, r.due_date, r.state])).toEqual([
      ['2025', '2026-01-31', 'open'],
    ])

    await runReportingCycle(db, { now: at('2025-03-11') })
    expect((await periodsOf(db, f.monthly)).map((r) => [r.period_key, r.state])).toEqual([
      ['2025-01', 'missing'],
      ['2025-02', 'overdue'],
      ['2025-03', 'open'],
    ])
    // Past the horizon nothing new is owed, but the last periods still fall due.
    await runReportingCycle(db, { now: at('2026-01-25') })
    const late = await periodsOf(db, f.monthly)
    expect(late).toHaveLength(12)
    expect(late.at(-1)).toMatchObject({ period_key: '2025-12', due_date: '2026-01-10', state: 'overdue' })
    expect(late.at(-2)).toMatchObject({ period_key: '2025-11', state: 'missing' })
    expect((await periodsOf(db, f.yearly))[0]).toMatchObject({ state: 'due-soon' })
  })

  it("uses an indicator's own grace days instead of the cadence's default", async () => {
    await db.updateTable('indicators').set({ report_grace_days: 3 }).where('id', '=', f.monthly).execute()
    await runReportingCycle(db, { now: at('2025-02-02') })
    expect((await periodsOf(db, f.monthly))[0]).toMatchObject({
      period_key: '2025-01',
      due_date: '2025-02-03',
      state: 'due-soon',
    })
  })

  it('files one due-soon and one overdue reminder per period for the lead department, and a rerun files none', async () => {
    const first = await runReportingCycle(db, { now: at('2025-03-05') })
    expect(first.reminders).toBe(2)
    const again = await runReportingCycle(db, { now: at('2025-03-05') })
    expect(again).toMatchObject({ changed: 0, reminders: 0, adopted: 0 })
    await runReportingCycle(db, { now: at('2025-03-11') })
    await runReportingCycle(db, { now: at('2025-03-12') })
    const rows = await db.selectFrom('reporting_reminders').selectAll().orderBy('period_key').orderBy('kind').execute()
    expect(rows.map((r) => [r.period_key, r.kind, r.department_id, r.due_date])).toEqual([
      ['2025-01', 'overdue', f.deptA, '2025-02-10'],
      ['2025-02', 'due-soon', f.deptA, '2025-03-10'],
      ['2025-02', 'overdue', f.deptA, '2025-03-10'],
    ])
    const listed = await listReminders(db, { jurisdictions: null, departmentId: f.deptA }, {})
    expect(listed).toHaveLength(3)
    expect(listed.find((r) => r.kind === 'overdue' && r.periodKey === '2025-02')?.message).toBe(
      '「指标m」2025年2月数据已于 2025-03-10 到期仍未报送,请尽快补报',
    )
    expect(await listReminders(db, { jurisdictions: null, departmentId: f.deptB }, {})).toEqual([])
    const stamped = await periodsOf(db, f.monthly)
    expect(stamped.filter((r) => r.reminded_at !== null).map((r) => r.period_key)).toEqual(['2025-01', '2025-02'])
  })

  it('marks a period reported on time or late from the submission that first reported it, and keeps the first report', async () => {
    const sourceId = await disabledSource(db, f.monthly)
    await runReportingCycle(db, { now: at('2025-02-20') })
    await pulledAt(db, at('2025-03-06'), sourceId, [
      { indicator: f.monthly, period: '2025-01', value: 40 },
      { indicator: f.monthly, period: '2025-02', value: 41 },
    ])
    // Not created by the cycle yet (it runs later): the hook inserts the row itself.
    await pulledAt(db, at('2025-03-06'), sourceId, [{ indicator: f.monthly, period: '2025-03', value: 42 }])
    await pulledAt(db, at('2025-03-20'), sourceId, [{ indicator: f.monthly, period: '2025-02', value: 45 }])
    const rows = await periodsOf(db, f.monthly)
    expect(rows.map((r) => [r.period_key, r.state, r.first_reported_at?.toISOString()])).toEqual([
      ['2025-01', 'reported-late', at('2025-03-06').toISOString()],
      ['2025-02', 'reported-on-time', at('2025-03-06').toISOString()],
      ['2025-03', 'reported-on-time', at('2025-03-06').toISOString()],
    ])
    // The clock moving on never turns a reported period back into an overdue one.
    await runReportingCycle(db, { now: at('2025-06-01') })
    expect((await periodsOf(db, f.monthly)).slice(0, 3).map((r) => r.state)).toEqual([
      'reported-late',
      'reported-on-time',
      'reported-on-time',
    ])
  })

  it('stamps a real API-path submission by its received_at', async () => {
    // submitValues stamps received_at with the database clock, so this plan spans the real present.
    await db.deleteFrom('plans').execute()
    await db.deleteFrom('departments').execute()
    await db.deleteFrom('jurisdictions').execute()
    const today = shanghaiDate(new Date())
    const year = Number(today.slice(0, 4))
    const g = await fixture(db, { start: year - 1, end: year + 1 })
    const reporter: Principal = {
      kind: 'token',
      userId: null,
      tokenId: null,
      role: 'reporter',
      departmentId: g.deptA,
      jurisdictions: [],
      label: 'token:test',
    }
    const current = periodOf('monthly', today)
    const old = previousPeriod(previousPeriod(previousPeriod(current)))
    const queued: string[] = []
    await submitValues(
      serviceContext(db, reporter, new Date()),
      {
        items: [
          { indicator: g.monthly, period: current.key, value: 50 },
          { indicator: g.monthly, period: old.key, value: 48 },
        ],
      },
      {},
      { enqueue: async (id) => void queued.push(id) },
    )
    for (const id of queued) await processSubmission(db, id, { now: new Date(), asOf: today, readUpload })
    const rows = await periodsOf(db, g.monthly)
    expect(Object.fromEntries(rows.map((r) => [r.period_key, r.state]))).toEqual({
      [old.key]: 'reported-late',
      [current.key]: 'reported-on-time',
    })
    expect(rows.every((r) => r.department_id === g.deptA && r.first_reported_at !== null)).toBe(true)
  })

  it('counts values already in observations (stored before the hook) as reported when they were first reported', async () => {
    await db
      .insertInto('observations')
      .values({
        indicator_id: f.monthly,
        jurisdiction_code: '360100',
        period_key: '2025-01',
        period_end: '2025-01-31',
        value: 30,
        source: 'upload',
        reported_at: at('2025-02-08'),
      })
      .execute()
    const run = await runReportingCycle(db, { now: at('2025-03-05') })
    expect(run.adopted).toBe(1)
    expect((await periodsOf(db, f.monthly))[0]).toMatchObject({ period_key: '2025-01', state: 'reported-on-time' })
  })

  it('computes on-time reporting rates per department, DHIS2 style', async () => {
    const sourceId = await disabledSource(db, f.monthly)
    await pulledAt(db, at('2025-02-05'), sourceId, [{ indicator: f.monthly, period: '2025-01', value: 40 }])
    await pulledAt(db, at('2025-03-15'), sourceId, [{ indicator: f.monthly, period: '2025-02', value: 41 }])
    await runReportingCycle(db, { now: at('2025-04-20') })
    const rates = (await reportingRates(db, { jurisdictions: null, departmentId: null }, { asOf: '2025-04-20' })).items
    const byDept = new Map(rates.map((r) => [r.departmentId, r]))
    const none = { due: 0, onTime: 0, late: 0, missing: 0, rate: null, reportedRate: null }
    const counts = { due: 3, onTime: 1, late: 1, missing: 1, rate: 1 / 3, reportedRate: 2 / 3 }
    expect(byDept.get(f.deptA)).toEqual({
      departmentId: f.deptA,
      departmentName: '市数据局',
      jurisdictionCode: '360100',
      ...counts,
      bySubject: { indicator: counts, task: none },
    })
    expect(byDept.get(f.deptB)).toMatchObject({ due: 1, onTime: 0, late: 0, missing: 1, rate: 0 })
    expect(byDept.get(f.deptC)).toMatchObject({ due: 0, rate: null, reportedRate: null })
    // As of an earlier day the late report had not arrived yet and March was not due.
    const earlier = (await reportingRates(db, { jurisdictions: null, departmentId: f.deptA }, { asOf: '2025-03-12' }))
      .items
    expect(earlier).toEqual([
      expect.objectContaining({ departmentId: f.deptA, due: 2, onTime: 1, late: 0, missing: 1 }),
    ])
    const firstQuarter = (
      await reportingRates(
        db,
        { jurisdictions: ['360100'], departmentId: null },
        { asOf: '2025-04-20', periodFrom: '2025-02-01', periodTo: '2025-02-28' },
      )
    ).items
    expect(firstQuarter).toEqual([expect.objectContaining({ departmentId: f.deptA, due: 1, late: 1 })])

    const overdue = await overdueReports(db, { jurisdictions: null, departmentId: null }, { asOf: '2025-04-20' })
    expect(overdue.items.map((o) => [o.indicatorId, o.periodKey, o.state, o.daysOverdue])).toEqual([
      [f.quarterly, '2025-Q1', 'overdue', 5],
      [f.monthly, '2025-03', 'overdue', 10],
    ])
    expect(overdue.total).toBe(2)
    expect(overdue.items[0]).toMatchObject({ indicatorCode: 'nc/q', departmentName: '市政务办', stateLabel: '已逾期' })
  })

  it('rejects a change to a locked period without a reason and accepts it as a correction with one', async () => {
    await db.updateTable('indicators').set({ lock_after_days: 5 }).where('id', '=', f.monthly).execute()
    const sourceId = await disabledSource(db, f.monthly)
    // January is due 02-10 and locks from 02-16; February is still open.
    const refused = await pulledAt(db, at('2025-02-16'), sourceId, [
      { indicator: f.monthly, period: '2025-01', value: 40 },
      { indicator: f.monthly, period: '2025-02', value: 41 },
    ])
    expect(refused).toMatchObject({ accepted_count: 1, rejected_count: 1 })
    expect(refused.errors).toEqual([
      { row: 1, column: 'period', code: 'period_locked', message: '该统计期已于 2025-02-16 锁定,修改须填写修改原因' },
    ])
    const corrected = await pulledAt(db, at('2025-02-16'), sourceId, [
      { indicator: f.monthly, period: '2025-01', value: 40, reason: '补报:统计口径调整' },
    ])
    expect(corrected).toMatchObject({ accepted_count: 1, rejected_count: 0 })
    const obs = await db
      .selectFrom('observations')
      .select(['period_key', 'reason'])
      .where('indicator_id', '=', f.monthly)
      .where('period_key', '=', '2025-01')
      .execute()
    expect(obs).toEqual([{ period_key: '2025-01', reason: '补报:统计口径调整' }])
    await runReportingCycle(db, { now: at('2025-02-16') })
    const rows = await periodsOf(db, f.monthly)
    expect(rows[0]?.locked_at).not.toBeNull()
    expect(rows[1]?.locked_at).toBeNull()
  })

  describe('pulling external sources', () => {
    let server: Server
    let base: string
    let body: unknown = {}
    let dir: string
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/missing') {
          res.writeHead(404).end('not here')
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      dir = await mkdtemp(join(tmpdir(), 'cockpit-sources-'))
      rules.sourceFilesDir = dir
    })
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve))
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    const pullAndIngest = async (now: Date) => {
      const queued: string[] = []
      const run = await pullDueSources(db, clockContext(now), { enqueue: async (id) => void queued.push(id), ...rules })
      for (const id of queued) await processSubmission(db, id, { now, asOf: shanghaiDate(now), readUpload })
      return { run, queued }
    }

    it('pulls a value and its period from a JSON endpoint into an observation, through a pull submission', async () => {
      body = { code: 0, data: { stat: { period: '2025年3月', rate: '85.5%' } } }
      const source = await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.monthly,
          kind: 'http-json',
          location: `${base}/api/rate`,
          fieldPath: 'data.stat.rate',
          periodField: 'data.stat.period',
          everyMinutes: 60,
          enabled: true,
        },
        rules,
      )
      const now = at('2025-04-02')
      const { run, queued } = await pullAndIngest(now)
      expect(run).toEqual({ due: 1, pulled: 1, failed: 0, submitted: 1 })
      const sub = await db.selectFrom('submissions').selectAll().where('id', '=', queued[0]!).executeTakeFirstOrThrow()
      expect(sub).toMatchObject({
        channel: 'pull',
        department_id: f.deptA,
        idempotency_scope: `source:${source.id}`,
        idempotency_key: '2025年3月-85.5%',
        state: 'processed',
        accepted_count: 1,
      })
      expect(sub.payload).toEqual({
        items: [{ indicator: f.monthly, jurisdiction: '360100', period: '2025年3月', value: '85.5%' }],
      })
      const obs = await db
        .selectFrom('observations')
        .selectAll()
        .where('indicator_id', '=', f.monthly)
        .executeTakeFirstOrThrow()
      expect(obs).toMatchObject({ period_key: '2025-03', value: 85.5, source: 'pull', submission_id: sub.id })
      const stored = await db
        .selectFrom('indicator_sources')
        .selectAll()
        .where('id', '=', source.id)
        .executeTakeFirstOrThrow()
      expect(stored).toMatchObject({ last_error: null })
      expect(stored.last_pulled_at?.toISOString()).toBe(now.toISOString())
      expect((await periodsOf(db, f.monthly)).find((r) => r.period_key === '2025-03')).toMatchObject({
        state: 'reported-on-time',
      })

      // Not due again within its interval; after it, the same value is a replay that stores nothing.
      expect((await pullAndIngest(addMinutes(now, 30))).run.due).toBe(0)
      expect((await pullAndIngest(addMinutes(now, 61))).run).toEqual({ due: 1, pulled: 1, failed: 0, submitted: 0 })
      expect(await db.selectFrom('observations').select('id').execute()).toHaveLength(1)
    })

    it("takes the indicator's current due period when the source names none", async () => {
      body = { value: 12 }
      await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.quarterly,
          kind: 'http-json',
          location: `${base}/q`,
          fieldPath: 'value',
          everyMinutes: 5,
          enabled: true,
        },
        rules,
      )
      await pullAndIngest(at('2025-05-20'))
      const obs = await db
        .selectFrom('observations')
        .selectAll()
        .where('indicator_id', '=', f.quarterly)
        .executeTakeFirstOrThrow()
      expect(obs).toMatchObject({ period_key: '2025-Q1', value: 12, source: 'pull' })
    })

    it('pulls the newest row of a CSV file, by column headers', async () => {
      const path = join(dir, 'rate.csv')
      await writeFile(path, '月份,上云率,备注\n2025-01,70,\n2025年2月,72.5%,初值\n2025-03,,未出\n')
      await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.monthly,
          kind: 'csv-file',
          location: path,
          fieldPath: '上云率',
          periodField: '月份',
          everyMinutes: 60,
          enabled: true,
        },
        rules,
      )
      const { run } = await pullAndIngest(at('2025-04-02'))
      expect(run).toMatchObject({ pulled: 1, failed: 0, submitted: 1 })
      const obs = await db.selectFrom('observations').selectAll().where('indicator_id', '=', f.monthly).execute()
      expect(obs).toEqual([expect.objectContaining({ period_key: '2025-02', value: 72.5, source: 'pull' })])
    })

    it('records why a pull failed on the source and submits nothing', async () => {
      const http = await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.monthly,
          kind: 'http-json',
          location: `${base}/missing`,
          fieldPath: 'x',
          everyMinutes: 60,
          enabled: true,
        },
        rules,
      )
      const csv = await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.monthly,
          kind: 'csv-file',
          location: 'nope.csv',
          fieldPath: 'x',
          everyMinutes: 60,
          enabled: true,
        },
        rules,
      )
      body = { data: {} }
      const field = await createSource(
        serviceContext(db, admin, new Date()),
        {
          indicator: f.monthly,
          kind: 'http-json',
          location: `${base}/empty`,
          fieldPath: 'data.rate',
          everyMinutes: 60,
          enabled: true,
        },
        rules,
      )
      const { run } = await pullAndIngest(at('2025-04-02'))
      expect(run).toMatchObject({ due: 3, failed: 3, submitted: 0 })
      const errors = new Map(
        (await db.selectFrom('indicator_sources').select(['id', 'last_error']).execute()).map((r) => [
          r.id,
          r.last_error,
        ]),
      )
      expect(errors.get(http.id)).toBe('数据源返回 HTTP 404')
      expect(errors.get(csv.id)).toBe('找不到文件 nope.csv')
      expect(errors.get(field.id)).toBe('数据源 JSON 中没有取值字段「data.rate」')
      expect(await db.selectFrom('submissions').select('id').execute()).toEqual([])
    })
  })
})

const addMinutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000)
