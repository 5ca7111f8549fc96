import type { PlanProposals } from './extract.js'
import type { JurisdictionEntry } from './jurisdiction.js'
import { readPlan } from './read-plan.js'
import { PlanImportError, type RefusalReason } from './refusal.js'

export interface ReadTask {
  fileName: string
  bytes: Uint8Array
  jurisdictions: JurisdictionEntry[]
}

/** A refusal crosses the thread boundary as data: an Error's class does not survive structured cloning. */
export type ReadTaskResult =
  | { ok: true; proposals: PlanProposals }
  | { ok: false; reason: RefusalReason; message: string }

/** Runs inside a worker thread of the plan read pool (read-pool.ts); the same functions as inline. */
export default async function runReadTask(task: ReadTask): Promise<ReadTaskResult> {
  try {
    return { ok: true, proposals: await readPlan(task.fileName, task.bytes, task.jurisdictions) }
  } catch (e) {
    if (e instanceof PlanImportError) return { ok: false, reason: e.reason, message: e.message }
    throw e
  }
}
