export { cycleIndicators, runReportingCycle, type ReportingCycleResult } from './cycle.js'
export {
  currentDuePeriod,
  DEFAULT_GRACE_DAYS,
  DUE_SOON_DAYS,
  graceDaysFor,
  importedReportTime,
  isLocked,
  lockDate,
  reportDueDate,
  reportedState,
  reportingState,
  trackedPeriods,
  unreportedState,
  type TrackedPeriod,
} from './due.js'
export { dueReports, indicatorDueReports, taskDueReports } from './due-reports.js'
export { markReported, markTaskReported, type ReportedItem } from './mark-reported.js'
export {
  pullDueSources,
  pullSource,
  PullError,
  PULL_TIMEOUT_MS,
  SOURCE_UNREACHABLE,
  valueAtPath,
  type PulledValue,
  type PullOptions,
  type PullRunResult,
} from './pull.js'
export { listReminders, overdueReports, rateCounts, reminderMessage, reportingRates } from './read.js'
export { MANUAL_REMINDER_INTERVAL_MS, sendReminder } from './remind.js'
export { leadDepartment, loadReportingRules, periodLockCheck, type ReportingRule } from './rules.js'
export { reportingScope, type ReportingScope } from './scope.js'
export { createSource, deleteSource, listSources, toIndicatorSource, type SourceRules } from './sources.js'
export { pulledKey, submitPulled } from './submit-pulled.js'
export { subjectNamer, taskRefs, type SubjectFields } from './subjects.js'
export { runTaskReportingCycle, type TaskCycleResult } from './task-cycle.js'
export { isOwed, owedFrom, owedPeriods, type TaskOwing } from './task-owing.js'
