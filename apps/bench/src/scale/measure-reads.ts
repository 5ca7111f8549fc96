import { createUser, displayKey, loginClient } from '@cockpit/api/testing'
import { createApp } from '@cockpit/api/app'
import type { Database } from '@cockpit/db'
import type { ParsePool } from '@cockpit/tabular'
import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import { createEventHub, createRedis } from '@cockpit/services/messaging'
import { type Loopback, startApi, startBare, timedGet } from './http-servers.js'
import type { MeasureContext, Measurement } from './measurement.js'
import { percentile, timed } from './peak-rss.js'
import { BENCH_PROVINCE } from './tree.js'

export const OVERVIEW_GOAL_MS = 50

interface Read {
  name: string
  path: string
  auth: Record<string, string>
  goalMs: number | null
}

export interface ReadDeps {
  db: Kysely<Database>
  parsePool: ParsePool
  logger: Logger
}

/** A display key of the province (a wall) and an administrator's session (the country), made as an admin would. */
async function callers(deps: ReadDeps, ctx: MeasureContext) {
  const key = await displayKey(deps.db, BENCH_PROVINCE, '规模基准测试大屏')
  const username = `scale-admin-${Date.now().toString(36)}`
  const password = `Scale-bench-${Date.now()}-口令`
  await createUser(deps.db, { username, password, role: 'admin' })
  // Logging in through the app itself gives the session cookie the portal would carry.
  const app = createApp({
    db: deps.db,
    dbKind: 'postgres',
    parsePool: deps.parsePool,
    logger: deps.logger,
    now: () => ctx.now,
    version: 'scale-bench',
    secureCookies: false,
    enqueueIngest: async () => {},
  })
  const admin = await loginClient(app, username, password)
  return { wall: { authorization: `Bearer ${key.token}` }, admin: { cookie: admin.auth.cookie } }
}

/**
 * p95 of `requests` sequential GETs through the real API on loopback, then the same bytes from bare node:http
 * (the floor: what serving the answer costs when building it is free). One warm-up request each, not counted.
 */
async function measureRead(
  api: Loopback,
  read: Read,
  requests: number,
): Promise<{ m: Omit<Measurement, 'peakRssMb'>; bodies: Map<string, { bytes: Buffer; type: string }> }> {
  const first = await timedGet(`${api.url}${read.path}`, read.auth)
  const samples: number[] = []
  const statuses = new Map<number, number>()
  for (let i = 0; i < requests; i++) {
    const r = await timedGet(`${api.url}${read.path}`, read.auth)
    samples.push(r.ms)
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
  }
  const bodies = new Map([[read.path, { bytes: first.bytes, type: first.type }]])
  const bare = await startBare(bodies)
  const floorSamples: number[] = []
  try {
    await timedGet(`${bare.url}${read.path}`, {})
    for (let i = 0; i < requests; i++) floorSamples.push((await timedGet(`${bare.url}${read.path}`, {})).ms)
  } finally {
    await bare.close()
  }
  const p95 = percentile(samples, 95)
  const floor = percentile(floorSamples, 95)
  const ok = first.status === 200
  return {
    m: {
      // A refusal is fast and says nothing about the read: named in the figure's line, no ratio.
      name: ok ? read.name : `${read.name} (FAILED: HTTP ${first.status})`,
      value: p95,
      unit: 'ms p95',
      floor: { value: floor, what: 'same bytes from bare node:http' },
      ratio: ok && p95 > 0 ? floor / p95 : null,
      goal: read.goalMs === null ? null : { text: `p95 < ${read.goalMs} ms`, pass: ok && p95 < read.goalMs },
      details: {
        path: read.path,
        status: first.status,
        statuses: Object.fromEntries(statuses),
        bytes: first.bytes.length,
        p50Ms: percentile(samples, 50),
        requests,
        ...(ok ? {} : { error: first.bytes.toString('utf8').slice(0, 300) }),
      },
    },
    bodies,
  }
}

/** The wall's overview (the tree with its status counts) and the indicator list, for the province and the country. */
export async function measureReads(deps: ReadDeps, ctx: MeasureContext): Promise<Measurement[]> {
  const who = await callers(deps, ctx)
  const reads: Read[] = [
    { name: 'overview, province (wall)', path: '/api/v1/jurisdictions', auth: who.wall, goalMs: OVERVIEW_GOAL_MS },
    { name: 'overview, country (admin)', path: '/api/v1/jurisdictions', auth: who.admin, goalMs: OVERVIEW_GOAL_MS },
    {
      name: 'indicator list, province',
      path: `/api/v1/indicators?jurisdiction=${BENCH_PROVINCE}&descendants=true`,
      auth: who.wall,
      goalMs: null,
    },
    { name: 'indicator list, country', path: '/api/v1/indicators', auth: who.admin, goalMs: null },
  ]
  const out: Measurement[] = []
  const measureAll = async (api: Loopback, list: Read[]) => {
    for (const read of list) {
      ctx.progress(`read: ${read.name}`)
      try {
        const r = await timed(() => measureRead(api, read, ctx.requests))
        out.push({ ...r.result.m, peakRssMb: r.peakRssMb })
      } catch (e) {
        // One read that cannot be served (a timeout, a dropped connection) must not cost the others' figures.
        const error = e instanceof Error ? `${e.message}${e.cause ? ` (${String(e.cause)})` : ''}` : String(e)
        ctx.progress(`read: ${read.name} failed: ${error}`)
        out.push({
          name: `${read.name} (FAILED: ${error})`,
          value: Number.NaN,
          unit: 'ms p95',
          floor: null,
          ratio: null,
          goal: read.goalMs === null ? null : { text: `p95 < ${read.goalMs} ms`, pass: false },
          peakRssMb: 0,
          details: { path: read.path, error },
        })
      }
    }
  }
  const cold = await startApi({ ...deps, now: () => ctx.now })
  try {
    await measureAll(cold, reads)
  } finally {
    await cold.close()
  }
  // As production runs it: an event hub on Redis, so walls of one scope share the snapshot built by the first
  // request until a change event drops it. The cold figures above are what each change costs once.
  const subscriber = createRedis(ctx.redisUrl, 'subscriber')
  const events = await createEventHub(subscriber, `scale-bench-${process.pid}`)
  const shared = await startApi({ ...deps, now: () => ctx.now, events })
  try {
    await measureAll(
      shared,
      reads.slice(0, 2).map((r) => ({ ...r, name: `${r.name}, shared snapshot` })),
    )
  } finally {
    await shared.close()
    await events.close()
    subscriber.disconnect()
  }
  return out
}

/** One series' history (GET /api/v1/indicators/{id}/observations) for 200 series spread over the country, once each. */
export async function measureHistory(deps: ReadDeps, ctx: MeasureContext, count = 200): Promise<Measurement> {
  const who = await callers(deps, ctx)
  const ids = await sql<{ id: number }>`
    select id from (select i.id, row_number() over (order by i.id) as n, count(*) over () as total
                      from indicators i join plans p on p.id = i.plan_id where p.key like 'scale-%') x
     where n % greatest(1, total / ${count}) = 0 order by id limit ${count}`.execute(deps.db)
  const paths = ids.rows.map((r) => `/api/v1/indicators/${r.id}/observations`)
  const api = await startApi({ ...deps, now: () => ctx.now })
  const r = await timed(async () => {
    const samples: number[] = []
    const bodies = new Map<string, { bytes: Buffer; type: string }>()
    let failed = 0
    let rows = 0
    await timedGet(`${api.url}${paths[0]}`, who.admin)
    for (const path of paths) {
      const g = await timedGet(`${api.url}${path}`, who.admin)
      samples.push(g.ms)
      if (g.status !== 200) failed++
      else rows += ((JSON.parse(g.bytes.toString('utf8')) as { periods?: unknown[] }).periods ?? []).length
      bodies.set(path, { bytes: g.bytes, type: g.type })
    }
    const bare = await startBare(bodies)
    const floorSamples: number[] = []
    try {
      for (const path of paths) floorSamples.push((await timedGet(`${bare.url}${path}`, {})).ms)
    } finally {
      await bare.close()
    }
    return { samples, floorSamples, failed, rows }
  })
  await api.close()
  const p95 = percentile(r.result.samples, 95)
  const floor = percentile(r.result.floorSamples, 95)
  return {
    name: `indicator history, ${paths.length} series`,
    value: p95,
    unit: 'ms p95',
    floor: { value: floor, what: 'same bytes from bare node:http' },
    ratio: p95 > 0 ? floor / p95 : null,
    goal: null,
    peakRssMb: r.peakRssMb,
    details: {
      series: paths.length,
      failed: r.result.failed,
      p50Ms: percentile(r.result.samples, 50),
      meanPeriods: r.result.rows / Math.max(1, paths.length - r.result.failed),
    },
  }
}
