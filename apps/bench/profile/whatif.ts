// TEMPORARY what-if: the full path (HTTP API → PG → BullMQ → worker) with the timed copy of
// processSubmission (LOOKUP=lateral|in-list), then the floor, in one run. Not the real worker: no alerts.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp } from '@cockpit/api/app'
import { queueNames } from '@cockpit/contracts'
import { createDb, migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import { createProducers, createRedis } from '@cockpit/services'
import { serve } from '@hono/node-server'
import { Worker } from 'bullmq'
import { pino } from 'pino'
import { floorRows, runFloor } from '../src/floor.js'
import { forEachConcurrent } from '../src/pool.js'
import { postBatch } from '../src/post-batch.js'
import { deleteQueueKeys } from '../src/redis-cleanup.js'
import { waitUntilSettled } from '../src/submission-counts.js'
import { createBenchPlan } from '../src/synthetic-plan.js'
import { buildItems, toBatches } from '../src/workload.js'
import { totals, withStopwatch } from './phases.js'
import { timedProcessSubmission } from './timed-process.js'

const N = Number(process.env.N ?? 100000)
const BATCH = Number(process.env.BATCH ?? 1000)
const CONC = Number(process.env.CONC ?? 4)
const WCONC = Number(process.env.WCONC ?? 4)
const url = 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = 'redis://127.0.0.1:6379'
const schema = `bench_${randomBytes(5).toString('hex')}`
const prefix = `bench${randomBytes(5).toString('hex')}`
const setup = await createDb({ kind: 'postgres', url, schema, poolMax: CONC + 2 })
const apiH = await createDb({ kind: 'postgres', url, schema, poolMax: CONC + 2 })
const wH = await createDb({ kind: 'postgres', url, schema, poolMax: WCONC + 2 })
try {
  const db = setup.db
  await migrateToLatest(db)
  await loadSeeds(db, readSeedFiles({ sourceDir: null }))
  const plan = await createBenchPlan(db, N)
  const batches = toBatches(buildItems(plan, N, process.env.ORDER === 'period' ? 'period' : 'series'), BATCH, !process.env.UNALIGNED)
  const logger = pino({ level: 'warn' })
  const now = () => new Date()
  const producers = createProducers(redisUrl, prefix)
  const workerConn = createRedis(redisUrl, 'worker')
  const worker = new Worker(queueNames.ingest, async (job) => {
    const n = now()
    await withStopwatch(() => timedProcessSubmission(wH.db, (job.data as { submissionId: string }).submissionId, { now: n, asOf: n.toISOString().slice(0, 10) }))
  }, { connection: workerConn, prefix, concurrency: WCONC })
  const app = createApp({ db: apiH.db, dbKind: 'postgres', logger, now, version: 'p', secureCookies: false, enqueueIngest: (id) => producers.enqueueIngest(id) })
  const server = await new Promise<ReturnType<typeof serve>>((r) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => r(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const ids: string[] = []
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await forEachConcurrent(batches, CONC, async (b, i) => {
    ids[i] = (await postBatch(base, plan.token, b, `p-${i}`)).id
  })
  const ack = (performance.now() - t0) / 1000
  await waitUntilSettled(db, batches.length, { pollMs: 20, stallMs: 60000 })
  const total = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  console.log(`node CPU during pipeline: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s of ${total.toFixed(2)} s wall`)
  server.close()
  await worker.close()
  workerConn.disconnect()
  await producers.close()
  const rows = floorRows(batches, { departmentId: plan.departmentId, tokenId: plan.tokenId, submissionIds: ids, reportedAt: now() })
  const f = await runFloor(db, rows, CONC)
  console.log(`LOOKUP=${process.env.LOOKUP ?? 'in-list'} batch=${BATCH} conc=${CONC}/${WCONC}: pipeline ${total.toFixed(2)} s (${Math.round(N / total)}/s), ack ${ack.toFixed(2)} s, floor ${f.seconds.toFixed(2)} s (${Math.round(N / f.seconds)}/s), ratio ${(f.seconds / total).toFixed(2)}`)
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 4)
  console.log('  top phases (lane-seconds): ' + top.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', '))
} finally {
  await apiH.close()
  await wH.close()
  await setup.close({ dropSchema: true })
  await deleteQueueKeys(redisUrl, prefix)
}
