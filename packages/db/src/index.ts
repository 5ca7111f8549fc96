export type { DbConfig } from './config.js'
export { dbConfigFromEnv } from './config-from-env.js'
export { createDb, pingDb, type CreateDbOptions, type DbHandle } from './create-db.js'
export {
  createDbHealth,
  DatabaseUnavailableError,
  isConnectionError,
  isDatabaseUnavailable,
  type DbHealth,
  type DbLogger,
} from './db-health.js'
export type { Database } from './database.js'
export { migrateToLatest } from './migrate.js'
export type { DepartmentRow } from './tables/departments.js'
export type { IndicatorDepartmentRow } from './tables/indicator-departments.js'
export type { IndicatorTargetRow } from './tables/indicator-targets.js'
export type { IndicatorRow } from './tables/indicators.js'
export type { JurisdictionRow } from './tables/jurisdictions.js'
export type { PillarRow } from './tables/pillars.js'
export type { PlanRow } from './tables/plans.js'
export type { TaskDepartmentRow } from './tables/task-departments.js'
export type { TaskRow } from './tables/tasks.js'
export type { TaskCompletionRow, TaskCompletionState } from './tables/task-completions.js'
export type { TaskProgressRow } from './tables/task-progress.js'
export type { ApiTokenRow } from './tables/api-tokens.js'
export type { AuditLogRow } from './tables/audit-log.js'
export type { IndicatorStatusRow } from './tables/indicator-status.js'
export type { EvidenceFileRow } from './tables/evidence-files.js'
export type { ObservationRow, ObservationSource, ReviewState } from './tables/observations.js'
export type {
  IndicatorRollupRow,
  RollupChildSource,
  RollupProvenanceRow,
  RollupRuleColumn,
} from './tables/indicator-rollups.js'
export type { SessionRow } from './tables/sessions.js'
export type { LoginThrottleRow } from './tables/login-throttles.js'
export type {
  SubmissionChannel,
  SubmissionErrorItem,
  SubmissionRow,
  SubmissionsTable,
  SubmissionState,
} from './tables/submissions.js'
export type { Role, UserRow } from './tables/users.js'
export type { IndicatorSourceKind, IndicatorSourceRow } from './tables/indicator-sources.js'
export type { ReportingPeriodRow, ReportingState } from './tables/reporting-periods.js'
export type { ReminderKind, ReportingReminderRow } from './tables/reporting-reminders.js'
export type { AlertInstanceRow } from './tables/alert-instances.js'
export type { AlertRuleKind, AlertRuleRow, Severity } from './tables/alert-rules.js'
export type { AlertRow, AlertTransitionRow } from './tables/alerts.js'
export type {
  InboxItemRow,
  NotificationChannelRow,
  NotificationKind,
  NotificationRow,
  SubscriptionRow,
} from './tables/notifications.js'
export type { SilenceMatchers, SilenceRow } from './tables/silences.js'
