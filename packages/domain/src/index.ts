export { addDays, daysBetween, isIsoDate, shanghaiDate, yearEnd, type IsoDate } from './dates.js'
export type { Observation } from './observation.js'
export {
  activeTarget,
  finalTarget,
  meetsTarget,
  sortedTargets,
  targetAnchor,
  type IndicatorSpec,
  type TargetPoint,
} from './target.js'
export { completion, expectedValue, pathPoints, timeProgress } from './path.js'
export { forecastAt } from './forecast.js'
export { defaultTolerances, evaluateStatus, type StatusResult, type Tolerances } from './status.js'
export {
  DEFAULT_SOON_DAYS,
  DEFAULT_STALLED_PERIODS,
  effectiveDueDate,
  reportingStalled,
  taskDueState,
  withMilestones,
  type TaskDue,
  type TaskDueInput,
  type TaskDueOptions,
} from './task-state.js'
export { nextPeriod, parsePeriod, periodOf, periodsBetween, previousPeriod, type Period } from './periods.js'
export * from './alerts/index.js'
export {
  definitionIssues,
  measureValueProblem,
  type DefinitionIssue,
  type DefinitionTarget,
  type IndicatorDefinition,
} from './definition.js'
export { competitionRanks } from './ranking.js'
export {
  checkBoundaryFile,
  schematicTiles,
  type BoundaryCheck,
  type BoundaryCollection,
  type BoundaryFeature,
  type BoundaryGeometry,
  type PlaceRef,
} from './geo.js'
export { rollup, type RollupChild, type RollupInput, type RollupResult } from './rollup.js'
