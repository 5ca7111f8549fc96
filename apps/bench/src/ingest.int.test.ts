import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { DEFAULT_REDIS_URL } from './options.js'
import { runIngestBench } from './run-bench.js'

// Counts only: speed is the script's business (no timing assertions on a noisy machine).
describe('ingest bench', () => {
  it('pushes every value through the pipeline and the floor, with nothing rejected', async () => {
    const url = process.env.DATABASE_URL
    const result = await runIngestBench(
      {
        values: 2000,
        // ≤ 250: on PGlite a larger batch makes the worker's row-value IN list (currentValues) leave the
        // session broken (ERRORDATA_STACK_SIZE exceeded on the next statements); reported to the lead.
        batchSize: 200,
        concurrency: 2,
        workerConcurrency: 2,
        db: url ? { kind: 'postgres', url } : { kind: 'pglite' },
        redisUrl: process.env.REDIS_URL || DEFAULT_REDIS_URL,
        alignBatches: true,
        order: 'series',
      },
      pino({ level: 'silent' }),
    )
    expect(result.problems).toEqual([])
    expect(result.checks).toMatchObject({
      observations: 2000,
      floorObservations: 2000,
      failed: 0,
      accepted: 2000,
      rejected: 0,
    })
    expect(result.checks.processed).toBe(result.batches)
    expect(result.batches).toBeGreaterThanOrEqual(10)
  })
})
