export { assertEvidenceOwned, assertEvidenceUsable, readEvidence, storeEvidence } from './evidence.js'
