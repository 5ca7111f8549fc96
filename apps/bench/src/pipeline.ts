import type { AddressInfo } from 'node:net'
import { createApp } from '@cockpit/api/app'
import type { Database } from '@cockpit/db'
import { createProducers } from '@cockpit/services/messaging'
import { createParsePool } from '@cockpit/tabular'
import { startWorkers } from '@cockpit/worker'
import { serve } from '@hono/node-server'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { forEachConcurrent } from './pool.js'
import { postBatch } from './post-batch.js'
import { type SubmissionCounts, waitUntilDrained, waitUntilSettled } from './submission-counts.js'
import type { BenchItem } from './workload.js'

export interface PipelineDeps {
  /** The API's pool; the worker gets its own, as the separate processes of a deployment would. */
  apiDb: Kysely<Database>
  workerDb: Kysely<Database>
  /** For polling progress, so the poll never queues behind API or worker queries. */
  pollDb: Kysely<Database>
  dbKind: 'pglite' | 'postgres'
  redisUrl: string
  prefix: string
  logger: Logger
  now: () => Date
  token: string
  concurrency: number
  workerConcurrency: number
}

export interface PipelineRun {
  /** From the first request to the last 202. */
  ackSeconds: number
  /** From the first request until every submission is processed and every status is current (marks drained). */
  seconds: number
  /** From the first request until every submission is processed (values stored, statuses may still be pending). */
  processedSeconds: number
  /** The submission id of each batch, in batch order (the floor reuses them). */
  submissionIds: string[]
  counts: SubmissionCounts
  /** CPU this process (client, API and workers share it) used meanwhile: near `seconds` means Node-bound. */
  nodeCpuSeconds: number
}

/**
 * The real path: HTTP → API (validate, store the submission, enqueue) → Redis → worker (validate
 * items, write observations and status marks; the status drain recomputes). Server and workers start
 * before the clock does; the clock stops when every status is current.
 */
export async function runPipeline(deps: PipelineDeps, batches: BenchItem[][]): Promise<PipelineRun> {
  const producers = createProducers(deps.redisUrl, deps.prefix)
  const parsePool = createParsePool({ threads: 1 })
  const workers = await startWorkers({
    db: deps.workerDb,
    parsePool,
    redisUrl: deps.redisUrl,
    prefix: deps.prefix,
    logger: deps.logger,
    now: deps.now,
    concurrency: deps.workerConcurrency,
  })
  const app = createApp({
    db: deps.apiDb,
    parsePool,
    dbKind: deps.dbKind,
    logger: deps.logger,
    now: deps.now,
    version: 'bench',
    secureCookies: false,
    enqueueIngest: (id) => producers.enqueueIngest(id),
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const runId = Date.now().toString(36)
    const submissionIds: string[] = new Array<string>(batches.length)
    const cpu = process.cpuUsage()
    const started = performance.now()
    await forEachConcurrent(batches, deps.concurrency, async (batch, i) => {
      const accepted = await postBatch(baseUrl, deps.token, batch, `bench-${runId}-${i}`)
      submissionIds[i] = accepted.id
    })
    const acked = performance.now()
    const counts = await waitUntilSettled(deps.pollDb, batches.length, { pollMs: 20, stallMs: 60_000 })
    const processed = performance.now()
    // The statuses follow from the coalesced drain: the run is done when they are current.
    await waitUntilDrained(deps.pollDb, { pollMs: 20, stallMs: 60_000 })
    const done = performance.now()
    const used = process.cpuUsage(cpu)
    return {
      ackSeconds: (acked - started) / 1000,
      processedSeconds: (processed - started) / 1000,
      seconds: (done - started) / 1000,
      submissionIds,
      counts,
      nodeCpuSeconds: (used.user + used.system) / 1e6,
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await workers.close()
    await producers.close()
    await parsePool.close()
  }
}
