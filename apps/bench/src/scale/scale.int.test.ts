import { randomBytes } from 'node:crypto'
import type { DbHandle } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { runReportingCycle } from '@cockpit/services/reporting'
import { recomputeStatuses } from '@cockpit/services/status'
import { createParsePool, type ParsePool } from '@cockpit/tabular'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BuildResult, buildDataSet } from './build.js'
import { CATALOG } from './catalog.js'
import { distinctStatusKeys } from './load-statuses.js'
import { measureIngest } from './measure-ingest.js'
import { measureAlerts, measureBulletin, measureRecompute, measureSize } from './measure-jobs.js'
import { measureHistory, measureReads } from './measure-reads.js'
import type { MeasureContext } from './measurement.js'
import { LOADED_MONTHS, PRODUCT_NOW } from './months.js'
import { databaseUrl, dropDatabase, ensureDatabase, openScaleDb, readMeta } from './scale-db.js'

const server = process.env.DATABASE_URL
const logger = pino({ level: 'silent' })

// The bench loads by COPY into a PostgreSQL database of its own: PGlite has neither, so this file needs
// DATABASE_URL (skipped without it, like every PostgreSQL-only check).
describe.skipIf(!server)(
  'bench:scale on a tiny national data set (PostgreSQL only: COPY into its own database)',
  () => {
    const name = `cockpit_scale_test_${randomBytes(4).toString('hex')}`
    let handle: DbHandle
    let built: BuildResult
    let parsePool: ParsePool
    const ctx: MeasureContext = {
      now: PRODUCT_NOW,
      requests: 2,
      redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      progress: () => {},
    }

    beforeAll(async () => {
      await ensureDatabase(server!, name)
      const url = databaseUrl(server!, name)
      handle = await openScaleDb(url)
      built = await buildDataSet(handle, url, 0.01, () => {}, 2)
      parsePool = createParsePool({ threads: 1 })
    }, 600_000)

    afterAll(async () => {
      await parsePool?.close()
      await handle?.close()
      await dropDatabase(server!, name)
    })

    it('builds a plan of 48 indicators for every place of the tree, provinces over cities over counties', async () => {
      const levels = await sql<{ level: string; n: number }>`
      select j.level, count(*)::int as n from plans p join jurisdictions j on j.code = p.jurisdiction_code
       where p.key like 'scale-%' group by j.level`.execute(handle.db)
      const byLevel = Object.fromEntries(levels.rows.map((r) => [r.level, r.n]))
      expect(byLevel.province).toBe(2)
      expect(byLevel.city).toBeGreaterThanOrEqual(2)
      expect(byLevel.county).toBeGreaterThanOrEqual(2)
      const places = levels.rows.reduce((n, r) => n + r.n, 0)
      expect(built.meta.series).toBe(places * CATALOG.length)
      // Every county hangs under a city of the same province (adcode PPCCXX under PPCC00).
      const orphans = await sql<{ n: number }>`
      select count(*)::int as n from plans p join jurisdictions c on c.code = p.jurisdiction_code
        left join jurisdictions parent on parent.code = c.parent_code
       where p.key like 'scale-%' and c.level = 'county'
         and (parent.level <> 'city' or left(parent.code, 4) || '00' <> parent.code or left(c.code, 4) <> left(parent.code, 4))`.execute(
        handle.db,
      )
      expect(orphans.rows[0]!.n).toBe(0)
    })

    it('loads every series for every month, plus the corrections as newer revisions', async () => {
      const counts = await sql<{ total: number; periods: number; newest_wins: number }>`
      select count(*)::int as total,
             count(distinct (indicator_id, jurisdiction_code, period_key))::int as periods,
             count(*) filter (where revision < (select max(revision) from observations o2
                                                 where o2.indicator_id = o.indicator_id and o2.jurisdiction_code = o.jurisdiction_code
                                                   and o2.period_key = o.period_key))::int as newest_wins
        from observations o`.execute(handle.db)
      const c = counts.rows[0]!
      expect(c.periods).toBe(built.meta.series * LOADED_MONTHS.length)
      expect(c.total).toBe(c.periods + built.corrections)
      expect(c.newest_wins).toBe(built.corrections)
      expect(await readMeta(handle)).toMatchObject({ scale: 0.01, series: built.meta.series, observations: c.total })
    })

    it('leaves the derived tables as the product itself derives them: a reporting cycle and a recompute change nothing', async () => {
      const cycle = await runReportingCycle(handle.db, { now: PRODUCT_NOW })
      expect({ changed: cycle.changed, adopted: cycle.adopted, reminders: cycle.reminders }).toEqual({
        changed: 0,
        adopted: 0,
        reminders: 0,
      })
      const keys = await distinctStatusKeys(handle.db)
      const stored = await sql<{ n: number }>`select count(*)::int as n from indicator_status`.execute(handle.db)
      expect(stored.rows[0]!.n).toBe(keys.length)
      const changes = await handle.db
        .transaction()
        .execute((trx) => recomputeStatuses(trx, keys, shanghaiDate(PRODUCT_NOW), PRODUCT_NOW))
      expect(changes).toEqual([])
    })

    it('gives a figure for every measurement, and the ingest leaves the data set as it found it', async () => {
      const deps = { db: handle.db, parsePool, logger }
      const before = await sql<{ n: number }>`select count(*)::int as n from observations`.execute(handle.db)
      const results = [
        ...(await measureReads(deps, ctx)),
        await measureHistory(deps, ctx, 20),
        await measureIngest(handle.db, parsePool, ctx),
        await measureRecompute(handle.db, logger, ctx),
        ...(await measureAlerts(handle.db, ctx)),
        await measureBulletin(handle.db, ctx),
        await measureSize(handle.db),
      ]
      for (const m of results) expect(Number.isFinite(m.value), m.name).toBe(true)
      expect(results.slice(0, 4).map((m) => m.details.status)).toEqual([200, 200, 200, 200])
      const ingest = results.find((m) => m.name.startsWith("one month's reports"))!
      expect(ingest.details).toMatchObject({
        values: built.meta.series,
        accepted: built.meta.series,
        rejected: 0,
        failed: 0,
      })
      const after = await sql<{ n: number }>`select count(*)::int as n from observations`.execute(handle.db)
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n)
      const cycle = await runReportingCycle(handle.db, { now: PRODUCT_NOW })
      expect(cycle.changed).toBe(0)
    }, 600_000)
  },
)
