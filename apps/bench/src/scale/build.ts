import { type DbHandle, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { ensureDefaultAlertRules } from '@cockpit/services/alerts'
import { sql } from 'kysely'
import pg from 'pg'
import { dropSecondaryIndexes, restoreIndexes } from './index-swap.js'
import { loadObservations } from './load-observations.js'
import { loadPlans } from './load-plans.js'
import { finishReportingCycle, loadReportingPeriods } from './load-reporting.js'
import { loadStatuses } from './load-statuses.js'
import { PRODUCT_NOW } from './months.js'
import { DATA_VERSION, type ScaleMeta, writeMeta } from './scale-db.js'
import { nationalTree } from './tree.js'

export interface BuildResult {
  meta: ScaleMeta
  /** Seconds per step, in order. */
  steps: [string, number][]
  corrections: number
  reportingPeriods: number
  reminders: number
}

/**
 * Builds the national data set into an empty database: the product's migrations and seeds, then the tree,
 * plans and ten years of values by COPY (secondary indexes dropped for the load and rebuilt after, foreign-key
 * triggers off on the loading connection only: the generator writes consistent keys), then the derived tables
 * as the product leaves them (see load-reporting.ts and load-statuses.ts), and the record `--reuse` reads.
 */
export async function buildDataSet(
  handle: DbHandle,
  url: string,
  scale: number,
  progress: (msg: string) => void,
  /** Only this many provinces (the integration test's tiny data set); all 31 when absent. */
  provinces?: number,
): Promise<BuildResult> {
  const started = performance.now()
  const steps: [string, number][] = []
  let mark = performance.now()
  const step = (name: string) => {
    const now = performance.now()
    steps.push([name, (now - mark) / 1000])
    mark = now
    progress(`${name}: ${((now - started) / 1000).toFixed(1)} s`)
  }
  const db = handle.db
  await migrateToLatest(db)
  await loadSeeds(db, readSeedFiles({ sourceDir: null }))
  await ensureDefaultAlertRules(db)
  step('migrate + seeds')

  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const client = await pool.connect()
  try {
    await client.query(`set maintenance_work_mem = '512MB'`)
    const tree = nationalTree(scale, provinces)
    const series = await loadPlans(db, client, tree)
    step(`tree, plans, ${series.length} indicators`)

    await client.query('set session_replication_role = replica')
    const restoreObs = await dropSecondaryIndexes(client, 'observations')
    const restoreRp = await dropSecondaryIndexes(client, 'reporting_periods')
    let loaded: Awaited<ReturnType<typeof loadObservations>>
    let reportingPeriods: number
    try {
      loaded = await loadObservations(client, series)
      step(`observations (${loaded.observations} rows by COPY)`)
      reportingPeriods = await loadReportingPeriods(db, client, series, PRODUCT_NOW)
      step(`reporting periods (${reportingPeriods} rows by COPY)`)
    } finally {
      await client.query('set session_replication_role = origin')
      await restoreIndexes(client, restoreObs)
      await restoreIndexes(client, restoreRp)
      step('indexes rebuilt')
    }
    await client.query('vacuum analyze')
    step('vacuum analyze')
    const { reminders } = await finishReportingCycle(db, PRODUCT_NOW)
    step('reminders and task periods')
    await loadStatuses(db, PRODUCT_NOW)
    await client.query('analyze')
    step('statuses (product recompute)')

    const jurisdictions = await sql<{ n: number }>`select count(*)::int as n from jurisdictions`.execute(db)
    const meta: ScaleMeta = {
      scale,
      dataVersion: DATA_VERSION,
      builtAt: new Date(),
      now: PRODUCT_NOW,
      jurisdictions: jurisdictions.rows[0]!.n,
      series: series.length,
      observations: loaded.observations,
      loadSeconds: (performance.now() - started) / 1000,
    }
    await writeMeta(handle, meta)
    return { meta, steps, corrections: loaded.corrections, reportingPeriods, reminders }
  } finally {
    client.release()
    await pool.end()
  }
}
