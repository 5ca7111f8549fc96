import { describe, expect, it } from 'vitest'
import { DEFAULT_DATABASE_URL, parseBenchOptions, QUICK_VALUES } from './options.js'

describe('bench options', () => {
  it('defaults to 100k values in batches of 1000, 4 requests and 4 jobs in flight, on PostgreSQL', () => {
    expect(parseBenchOptions([], {})).toMatchObject({
      values: 100_000,
      batchSize: 1000,
      concurrency: 4,
      workerConcurrency: 4,
      db: { kind: 'postgres', url: DEFAULT_DATABASE_URL },
      alignBatches: true,
      order: 'series',
    })
  })

  it('takes flags over environment variables, and --quick over BENCH_VALUES', () => {
    const env = { BENCH_VALUES: '300', BENCH_BATCH: '50', DATABASE_URL: 'postgres://x/y' }
    expect(parseBenchOptions(['--values', '20000', '--batch', '2000'], env)).toMatchObject({
      values: 20000,
      batchSize: 2000,
      db: { url: 'postgres://x/y' },
    })
    expect(parseBenchOptions([], env)).toMatchObject({ values: 300, batchSize: 50 })
    expect(parseBenchOptions(['--quick', '--pglite', '--unaligned'], env)).toMatchObject({
      values: QUICK_VALUES,
      db: { kind: 'pglite' },
      alignBatches: false,
    })
  })

  it('names the flag or variable that is wrong', () => {
    expect(() => parseBenchOptions(['--values', '1e3x'], {})).toThrow(/--values/)
    expect(() => parseBenchOptions([], { BENCH_CONCURRENCY: '0' })).toThrow(/BENCH_CONCURRENCY/)
    expect(() => parseBenchOptions(['--batch', '6000'], {})).toThrow(/at most 5000/)
    expect(() => parseBenchOptions(['--order', 'random'], {})).toThrow(/--order/)
  })
})
