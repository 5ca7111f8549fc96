import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { EvidenceKind } from '@cockpit/contracts'
import type { EvidenceCheck } from './evidence-check.js'
import type { ParseTask } from './parse-worker.js'
import type { ReadUploadOptions, ReadUploadResult } from './read-upload.js'

/**
 * Reads uploaded files on worker threads. Inflating, decoding and walking a 10 MB file takes seconds of
 * CPU; on the event loop that stalls every other caller of the process (health checks, screens, the
 * worker's heartbeat). One pool per process, created from config and closed on shutdown.
 */
export interface ParsePool {
  readUpload(bytes: Uint8Array, filename: string, opts: ReadUploadOptions): Promise<ReadUploadResult>
  inspectEvidence(bytes: Uint8Array, kind: EvidenceKind, fileName: string): Promise<EvidenceCheck>
  close(): Promise<void>
}

/** How services read an upload: the pool's `readUpload` (tests and scripts may pass `readUpload` itself). */
export type UploadReader = ParsePool['readUpload']

export interface ParsePoolOptions {
  /** Files read at once; more wait in the pool's queue. */
  threads: number
  /** An idle thread exits after this (default 60 s); threads start on the first file, not before. */
  idleTimeoutMs?: number
}

/** A sensible pool size for a config default: one thread on a small machine, two otherwise. */
export const defaultParseThreads = (): number => (availableParallelism() > 2 ? 2 : 1)

export function createParsePool(opts: ParsePoolOptions): ParsePool {
  if (!Number.isInteger(opts.threads) || opts.threads < 1)
    throw new Error(`parse pool: threads must be a positive integer, got ${opts.threads}`)
  const pool = new Piscina<ParseTask, unknown>({
    filename: new URL('./parse-worker-bootstrap.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: opts.threads,
    idleTimeout: opts.idleTimeoutMs ?? 60_000,
    // A 10 MB file holds ~50 000 rows; its cells are the thread's memory, not the API's.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  })
  let closed = false
  const run = async <T>(task: ParseTask): Promise<T> => {
    if (closed) throw new Error('parse pool is closed')
    return (await pool.run(task)) as T
  }
  return {
    readUpload: (bytes, filename, readOpts) =>
      run<ReadUploadResult>({ kind: 'upload', bytes, filename, opts: readOpts }),
    inspectEvidence: (bytes, kind, fileName) =>
      run<EvidenceCheck>({ kind: 'evidence', bytes, evidenceKind: kind, fileName }),
    async close() {
      if (closed) return
      closed = true
      await pool.destroy()
    },
  }
}
