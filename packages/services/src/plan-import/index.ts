export { commitPlanImport } from './commit.js'
export {
  createPlanImport,
  getPlanImport,
  patchProposal,
  patchProposals,
  type PlanReader,
  type UploadedDocument,
} from './drafts.js'
