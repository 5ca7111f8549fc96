import { extractPlan, type PlanProposals } from './extract.js'
import type { JurisdictionEntry } from './jurisdiction.js'
import { readDocument } from './read-document.js'

/** Reads an uploaded document and proposes its plan: the reader, then the grammar (refusals throw a PlanImportError). */
export async function readPlan(
  fileName: string,
  bytes: Uint8Array,
  jurisdictions: readonly JurisdictionEntry[],
): Promise<PlanProposals> {
  return extractPlan(await readDocument(fileName, bytes), { jurisdictions })
}
