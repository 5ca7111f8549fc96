export {
  alertStates,
  initialMemory,
  step,
  type AlertMemory,
  type AlertState,
  type AlertTiming,
  type Evaluation,
  type StepResult,
  type Transition,
} from './state-machine.js'
export {
  belowPath,
  bindingOffTrack,
  forecastMiss,
  milestoneAtRisk,
  milestoneOverdue,
  missingReport,
  suddenChange,
  targetReached,
  taskReportMissing,
  type Tolerance,
} from './conditions.js'
export { alertFingerprint, taskAlertFingerprint } from './fingerprint.js'
