import { Piscina } from 'piscina'
import type { PlanProposals } from './extract.js'
import type { JurisdictionEntry } from './jurisdiction.js'
import type { ReadTask, ReadTaskResult } from './read-worker.js'
import { PlanImportError } from './refusal.js'

/**
 * Reads plan documents on a worker thread: inflating a docx, decoding a PDF's text layer and running the
 * grammar over a few hundred paragraphs takes CPU seconds that would stall every other caller of the API on
 * the event loop. One pool per process (created in main.ts, closed on shutdown); threads start on the first file.
 */
export interface PlanReadPool {
  readPlan(fileName: string, bytes: Uint8Array, jurisdictions: JurisdictionEntry[]): Promise<PlanProposals>
  close(): Promise<void>
}

export function createPlanReadPool(opts: { threads?: number; idleTimeoutMs?: number } = {}): PlanReadPool {
  const pool = new Piscina<ReadTask, ReadTaskResult>({
    filename: new URL('./read-worker-bootstrap.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: opts.threads ?? 1,
    idleTimeout: opts.idleTimeoutMs ?? 60_000,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  })
  let closed = false
  return {
    async readPlan(fileName, bytes, jurisdictions) {
      if (closed) throw new Error('plan read pool is closed')
      const result = await pool.run({ fileName, bytes, jurisdictions })
      if (!result.ok) throw new PlanImportError(result.reason, result.message)
      return result.proposals
    },
    async close() {
      if (closed) return
      closed = true
      await pool.destroy()
    },
  }
}
