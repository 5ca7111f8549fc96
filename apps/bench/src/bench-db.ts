import { randomBytes } from 'node:crypto'
import { createDb, type DbHandle } from '@cockpit/db'
import type { BenchOptions } from './options.js'

export interface BenchDbHandles {
  setup: DbHandle
  api: DbHandle
  worker: DbHandle
  close(): Promise<void>
}

/** PostgreSQL: a fresh schema with one pool per role, dropped at the end. PGlite: one in-memory database. */
export async function openBenchDb(
  opts: Pick<BenchOptions, 'db' | 'concurrency' | 'workerConcurrency'>,
): Promise<BenchDbHandles> {
  const target = opts.db
  if (target.kind === 'pglite') {
    const one = await createDb({ kind: 'pglite', dataDir: null })
    return { setup: one, api: one, worker: one, close: () => one.close() }
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`
  const open = (poolMax: number) => createDb({ kind: 'postgres', url: target.url, schema, poolMax })
  const setup = await open(opts.concurrency + 2)
  const api = await open(opts.concurrency + 2)
  const worker = await open(opts.workerConcurrency + 2)
  return {
    setup,
    api,
    worker,
    async close() {
      await Promise.allSettled([api.close(), worker.close()])
      await setup.close({ dropSchema: true })
    },
  }
}
