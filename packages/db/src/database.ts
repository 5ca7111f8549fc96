import type { ApiTokensTable } from './tables/api-tokens.js'
import type { AuditLogTable } from './tables/audit-log.js'
import type { BoundaryFilesTable } from './tables/boundary-files.js'
import type { EvidenceFilesTable } from './tables/evidence-files.js'
import type { DepartmentsTable } from './tables/departments.js'
import type { IndicatorDepartmentsTable } from './tables/indicator-departments.js'
import type { IndicatorTargetsTable } from './tables/indicator-targets.js'
import type { IndicatorsTable } from './tables/indicators.js'
import type { IndicatorReportingColumns } from './tables/indicator-reporting.js'
import type { IndicatorSourcesTable } from './tables/indicator-sources.js'
import type { ReportingPeriodsTable } from './tables/reporting-periods.js'
import type { ReportingRemindersTable } from './tables/reporting-reminders.js'
import type { JurisdictionsTable } from './tables/jurisdictions.js'
import type { PillarsTable } from './tables/pillars.js'
import type { PlansTable } from './tables/plans.js'
import type { TaskDepartmentsTable } from './tables/task-departments.js'
import type { TasksTable } from './tables/tasks.js'
import type { TaskCompletionEvidenceTable, TaskCompletionsTable } from './tables/task-completions.js'
import type { TaskProgressEvidenceTable, TaskProgressTable } from './tables/task-progress.js'
import type { IndicatorStatusTable } from './tables/indicator-status.js'
import type { ObservationsTable } from './tables/observations.js'
import type { IndicatorRollupsTable, RollupProvenanceTable } from './tables/indicator-rollups.js'
import type { RuntimeStateTable } from './tables/runtime-state.js'
import type { LoginThrottlesTable } from './tables/login-throttles.js'
import type { SessionsTable } from './tables/sessions.js'
import type { SubmissionsTable } from './tables/submissions.js'
import type { UserJurisdictionsTable } from './tables/user-jurisdictions.js'
import type { UsersTable } from './tables/users.js'
import type { AlertInstancesTable } from './tables/alert-instances.js'
import type { AlertRulesTable } from './tables/alert-rules.js'
import type { AlertNotesTable, AlertsTable, AlertTransitionsTable } from './tables/alerts.js'
import type {
  InboxItemsTable,
  NotificationChannelsTable,
  NotificationsTable,
  SubscriptionsTable,
} from './tables/notifications.js'
import type { SilencesTable } from './tables/silences.js'

/** Every table, one file each under tables/. */
export interface Database {
  jurisdictions: JurisdictionsTable
  plans: PlansTable
  pillars: PillarsTable
  departments: DepartmentsTable
  indicators: IndicatorsTable & IndicatorReportingColumns
  indicator_targets: IndicatorTargetsTable
  indicator_departments: IndicatorDepartmentsTable
  tasks: TasksTable
  task_departments: TaskDepartmentsTable
  task_progress: TaskProgressTable
  task_progress_evidence: TaskProgressEvidenceTable
  task_completions: TaskCompletionsTable
  task_completion_evidence: TaskCompletionEvidenceTable
  users: UsersTable
  user_jurisdictions: UserJurisdictionsTable
  sessions: SessionsTable
  runtime_state: RuntimeStateTable
  login_throttles: LoginThrottlesTable
  api_tokens: ApiTokensTable
  audit_log: AuditLogTable
  submissions: SubmissionsTable
  observations: ObservationsTable
  indicator_rollups: IndicatorRollupsTable
  rollup_provenance: RollupProvenanceTable
  evidence_files: EvidenceFilesTable
  boundary_files: BoundaryFilesTable
  indicator_status: IndicatorStatusTable
  reporting_periods: ReportingPeriodsTable
  reporting_reminders: ReportingRemindersTable
  indicator_sources: IndicatorSourcesTable
  alert_rules: AlertRulesTable
  alert_instances: AlertInstancesTable
  alerts: AlertsTable
  alert_transitions: AlertTransitionsTable
  alert_notes: AlertNotesTable
  silences: SilencesTable
  notification_channels: NotificationChannelsTable
  subscriptions: SubscriptionsTable
  notifications: NotificationsTable
  inbox_items: InboxItemsTable
}
