import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { migrateToLatest } from '@cockpit/db'
import { loadSeeds, readSeedFiles } from '@cockpit/seeds'
import type { Logger } from 'pino'
import { openBenchDb } from './bench-db.js'
import { floorRows, runFloor } from './floor.js'
import type { BenchOptions } from './options.js'
import { runPipeline } from './pipeline.js'
import { deleteQueueKeys } from './redis-cleanup.js'
import { observationCount, statusProblems, submissionProblems } from './submission-counts.js'
import { createBenchPlan } from './synthetic-plan.js'
import { buildItems, toBatches } from './workload.js'

/** The pass mark from the issue: the pipeline keeps at least half the database's raw insert rate. */
export const REQUIRED_RATIO = 0.5

/** Periods run to 2025-12: the clock must be past them or the worker refuses them as future periods. */
const EARLIEST_NOW = Date.parse('2026-01-15T04:00:00Z')

export interface BenchResult {
  environment: { node: string; db: string; cpus: number }
  options: BenchOptions
  batches: number
  pipeline: {
    seconds: number
    valuesPerSecond: number
    processedSeconds: number
    ackSeconds: number
    ackValuesPerSecond: number
    nodeCpuSeconds: number
  }
  floor: { seconds: number; valuesPerSecond: number; nodeCpuSeconds: number }
  ratio: number
  pass: boolean
  checks: {
    observations: number
    floorObservations: number
    submissions: number
    processed: number
    failed: number
    accepted: number
    rejected: number
  }
  /** Empty when every count is right. */
  problems: string[]
}

const rate = (values: number, seconds: number) => (seconds > 0 ? values / seconds : 0)

/** Setup (untimed), the pipeline run, the checks, then the floor on the same rows; cleans up after itself. */
export async function runIngestBench(
  opts: BenchOptions,
  logger: Logger,
  progress: (msg: string) => void = () => {},
): Promise<BenchResult> {
  const offset = Math.max(0, EARLIEST_NOW - Date.now())
  const now = () => new Date(Date.now() + offset)
  const prefix = `bench${randomBytes(5).toString('hex')}`
  const handles = await openBenchDb(opts)
  try {
    progress('setup: migrate, seeds, synthetic plan')
    const db = handles.setup.db
    await migrateToLatest(db)
    await loadSeeds(db, readSeedFiles({ sourceDir: null }))
    const plan = await createBenchPlan(db, opts.values)
    const items = buildItems(plan, opts.values, opts.order)
    const batches = toBatches(items, opts.batchSize, opts.alignBatches)

    progress(`pipeline: ${items.length} values in ${batches.length} requests`)
    const run = await runPipeline(
      {
        api: handles.api,
        worker: handles.worker,
        pollDb: db,
        redisUrl: opts.redisUrl,
        prefix,
        logger,
        now,
        token: plan.token,
        concurrency: opts.concurrency,
        workerConcurrency: opts.workerConcurrency,
      },
      batches,
    )
    const observations = await observationCount(db)
    const problems: string[] = []
    if (observations !== items.length) problems.push(`observations: ${observations}, expected ${items.length}`)
    if (run.counts.processed !== batches.length)
      problems.push(`submissions processed: ${run.counts.processed} of ${batches.length} (failed ${run.counts.failed})`)
    if (run.counts.rejected !== 0) problems.push(`rejected values: ${run.counts.rejected}`)
    if (problems.length) problems.push(...(await submissionProblems(db)))
    // Nothing lost in the coalescing: every series' status counts every period it was sent.
    const periodsPerSeries = new Map<string, Set<string>>()
    for (const it of items) {
      const key = `${it.indicator}|${it.jurisdiction}`
      periodsPerSeries.set(key, (periodsPerSeries.get(key) ?? new Set()).add(it.period))
    }
    problems.push(...(await statusProblems(db, new Map([...periodsPerSeries].map(([k, v]) => [k, v.size])))))

    progress('floor: the same rows by multi-row INSERT')
    const rows = floorRows(batches, {
      departmentId: plan.departmentId,
      tokenId: plan.tokenId,
      submissionIds: run.submissionIds,
      reportedAt: now(),
    })
    const floor = await runFloor(db, rows, opts.concurrency)
    const floorObservations = await observationCount(db)
    if (floorObservations !== items.length)
      problems.push(`floor observations: ${floorObservations}, expected ${items.length}`)

    const pipelineRate = rate(items.length, run.seconds)
    const floorRate = rate(items.length, floor.seconds)
    const ratio = floorRate > 0 ? pipelineRate / floorRate : 0
    return {
      environment: { node: process.version, db: handles.setup.kind, cpus: availableParallelism() },
      options: opts,
      batches: batches.length,
      pipeline: {
        seconds: run.seconds,
        valuesPerSecond: pipelineRate,
        processedSeconds: run.processedSeconds,
        ackSeconds: run.ackSeconds,
        ackValuesPerSecond: rate(items.length, run.ackSeconds),
        nodeCpuSeconds: run.nodeCpuSeconds,
      },
      floor: { seconds: floor.seconds, valuesPerSecond: floorRate, nodeCpuSeconds: floor.nodeCpuSeconds },
      ratio,
      pass: ratio >= REQUIRED_RATIO,
      checks: {
        observations,
        floorObservations,
        submissions: run.counts.total,
        processed: run.counts.processed,
        failed: run.counts.failed,
        accepted: run.counts.accepted,
        rejected: run.counts.rejected,
      },
      problems,
    }
  } finally {
    await handles.close()
    await deleteQueueKeys(opts.redisUrl, prefix).catch((err) =>
      logger.warn({ err }, 'could not delete the bench queue keys'),
    )
  }
}
