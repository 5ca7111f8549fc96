export { deriveIndicator, deriveRollups, type PeriodPair } from './rollup/derive.js'
export { valuesInForceChanged } from './rollup/apply.js'
export { allStatusKeys, currentObservations, recomputeStatuses, type StatusKey } from './recompute.js'
export {
  type DrainResult,
  drainStatusMarks,
  markStatuses,
  STATUS_DRAIN_KEYS,
  STATUS_DRAIN_MARKS,
  submissionsAwaitingStatus,
} from './marks.js'
export { observationHistory } from './observations.js'
