import type { EvidenceKind } from '@cockpit/contracts'
import { type EvidenceCheck, inspectEvidence } from './evidence-check.js'
import { type ReadUploadOptions, type ReadUploadResult, readUpload } from './read-upload.js'

/** One job for a parse thread: the readers that inflate, decode and walk a whole file. */
export type ParseTask =
  | { kind: 'upload'; bytes: Uint8Array; filename: string; opts: ReadUploadOptions }
  | { kind: 'evidence'; bytes: Uint8Array; evidenceKind: EvidenceKind; fileName: string }

export type ParseTaskResult = ReadUploadResult | EvidenceCheck

/** Runs inside a worker thread of the parse pool (see parse-pool.ts); the same functions as inline. */
export default async function runParseTask(task: ParseTask): Promise<ParseTaskResult> {
  if (task.kind === 'upload') return readUpload(task.bytes, task.filename, task.opts)
  return inspectEvidence(task.bytes, task.evidenceKind, task.fileName)
}
