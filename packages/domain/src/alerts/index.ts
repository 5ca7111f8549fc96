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
export { belowPath, bindingOffTrack, forecastMiss, missingReport, suddenChange, targetReached, type Tolerance } from './conditions.js'
export { alertFingerprint } from './fingerprint.js'
