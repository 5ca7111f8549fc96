import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { evaluateAlerts } from '@cockpit/services/alerts'
import { serviceContext, adminPrincipal } from '@cockpit/services/kernel'
import { changeFollower, createProducers } from '@cockpit/services/messaging'
import { monthlyBulletin } from '@cockpit/services/reports'
import { maintenanceProcessor } from '@cockpit/runtime/maintenance'
import type { Job } from 'bullmq'
import { Redis } from 'ioredis'
import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import { deleteQueueKeys } from '../redis-cleanup.js'
import type { MeasureContext, Measurement } from './measurement.js'
import { timed } from './peak-rss.js'
import { BENCH_PROVINCE } from './tree.js'

export const BULLETIN_GOAL_SECONDS = 10

const admin = adminPrincipal('user:scale-bench')

/**
 * The nightly status recompute, as the worker's maintenance processor runs it (its own function, with Redis
 * for the change events). Floor: reading every value in force once in one SQL statement, the least any
 * recompute must read.
 */
export async function measureRecompute(
  db: Kysely<Database>,
  logger: Logger,
  ctx: MeasureContext,
): Promise<Measurement> {
  const prefix = `scalebench${Date.now().toString(36)}`
  const producers = createProducers(ctx.redisUrl, prefix)
  const publisher = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1 })
  try {
    const process = maintenanceProcessor({
      db,
      producers,
      afterCommit: changeFollower({ producers, publisher, prefix, log: (msg, err) => logger.debug({ err }, msg) }),
      logger,
      now: () => ctx.now,
      stuckAfterMs: 60_000,
    })
    const run = await timed(() => process({ data: { kind: 'recompute-status' } } as Job))
    const result = run.result as { pairs: number; changed: number }
    ctx.progress('recompute floor: every value in force read once')
    const floor = await timed(() =>
      sql`select count(*) from (select distinct on (indicator_id, jurisdiction_code, period_key) value from observations
           where review_state in ('none', 'approved')
           order by indicator_id, jurisdiction_code, period_key, revision desc, id desc) x`.execute(db),
    )
    return {
      name: 'nightly status recompute',
      value: run.seconds,
      unit: 's',
      floor: { value: floor.seconds, what: 'one SQL read of every value in force' },
      ratio: floor.seconds / run.seconds,
      goal: null,
      peakRssMb: run.peakRssMb,
      details: { pairs: result.pairs, changed: result.changed },
    }
  } finally {
    await producers.close()
    publisher.disconnect()
    await deleteQueueKeys(ctx.redisUrl, prefix).catch(() => {})
  }
}

/**
 * The "evaluate all" pass of the alert rules (the periodic job's service call), twice from no alert state: the
 * first pass over a country opens the alerts the data calls for (issue #13's figure), the second is the steady
 * state the every-minute job runs in, and must open none. The alert tables are emptied first, so a reused data
 * set measures the same two passes as a fresh one.
 */
export async function measureAlerts(db: Kysely<Database>, ctx: MeasureContext): Promise<Measurement[]> {
  await sql`truncate alert_transitions, alert_notes, notifications, inbox_items, alerts, alert_instances`.execute(db)
  const clock = { now: ctx.now, asOf: shanghaiDate(ctx.now) }
  const passes: Measurement[] = []
  for (const name of ['alert evaluation, all rules, first pass', 'alert evaluation, all rules, second pass']) {
    ctx.progress(name)
    const before = await sql<{ n: number }>`select count(*)::int as n from alert_instances`.execute(db)
    const run = await timed(() => evaluateAlerts(db, 'all', clock))
    passes.push({
      name,
      value: run.seconds,
      unit: 's',
      floor: null,
      ratio: null,
      goal: null,
      peakRssMb: run.peakRssMb,
      details: {
        evaluated: run.result.evaluated,
        instancesBefore: before.rows[0]?.n ?? 0,
        opened: run.result.opened,
        transitions: run.result.transitions,
      },
    })
  }
  return passes
}

/** The monthly bulletin workbook (月度通报) of the province for the last loaded month. */
export async function measureBulletin(db: Kysely<Database>, ctx: MeasureContext): Promise<Measurement> {
  const month = '2025-11'
  const run = await timed(() =>
    monthlyBulletin(serviceContext(db, admin, ctx.now), { month, jurisdiction: BENCH_PROVINCE }),
  )
  return {
    name: `monthly bulletin, province ${BENCH_PROVINCE}`,
    value: run.seconds,
    unit: 's',
    floor: null,
    ratio: null,
    goal: { text: `< ${BULLETIN_GOAL_SECONDS} s`, pass: run.seconds < BULLETIN_GOAL_SECONDS },
    peakRssMb: run.peakRssMb,
    details: { month, bytes: run.result.bytes.length, fileName: run.result.fileName },
  }
}

/** pg_database_size and the eight largest tables with their indexes. */
export async function measureSize(db: Kysely<Database>): Promise<Measurement> {
  const size = await sql<{ bytes: number }>`select pg_database_size(current_database())::bigint as bytes`.execute(db)
  const tables = await sql<{ name: string; total: number; indexes: number }>`
    select c.relname as name, pg_total_relation_size(c.oid)::bigint as total, pg_indexes_size(c.oid)::bigint as indexes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname = current_schema()
     order by pg_total_relation_size(c.oid) desc limit 8`.execute(db)
  const mb = (b: number) => Math.round(b / 2 ** 20)
  return {
    name: 'database size',
    value: mb(size.rows[0]!.bytes),
    unit: 'MB',
    floor: null,
    ratio: null,
    goal: null,
    peakRssMb: process.memoryUsage.rss() / 2 ** 20,
    details: {
      largest: tables.rows.map((t) => ({ table: t.name, totalMb: mb(t.total), indexesMb: mb(t.indexes) })),
    },
  }
}
