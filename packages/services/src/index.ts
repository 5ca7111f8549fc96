export { audit, type AuditEntry } from './audit.js'
export {
  createApiToken,
  listApiTokens,
  resolveApiToken,
  revokeApiToken,
  TOKEN_PREFIX,
  type CreatedToken,
} from './auth/api-tokens.js'
export { createDisplayKey, listDisplayKeys, revokeDisplayKey } from './auth/display-keys.js'
export { isAdmin, type Principal } from './auth/principal.js'
export { assertFilterInScope, inScope, readScope, type ReadScope } from './auth/scope.js'
export { hashPassword, randomPassword, sha256, verifyPassword } from './auth/secrets.js'
export { login, logout, principalForUser, resolveSession, SESSION_TTL_MS } from './auth/sessions.js'
export { THROTTLE_RULES } from './auth/login-throttle.js'
export { ensureDemoUsers, type DemoCredential } from './auth/demo-users.js'
export { forbidden, invalid, notFound, ServiceError, unauthorized } from './errors.js'
export { changesChannel, publishChanges } from './events/publisher.js'
export { processSubmission, type ProcessResult } from './ingest/process-submission.js'
export { findStuckSubmissions, markSubmissionFailed } from './ingest/sweep.js'
export {
  createProducers,
  DELIVER_ATTEMPTS,
  ENQUEUE_TIMEOUT_MS,
  INGEST_ATTEMPTS,
  ingestJobId,
  type IngestRetry,
  type ProducerOptions,
  type Producers,
  STATUS_DRAIN_WINDOW_MS,
  statusDrainSlot,
} from './queue/producers.js'
export { createRedis } from './queue/redis.js'
export { JOB_BUCKETS, jobMetricsText, recordJob } from './queue/job-metrics.js'
export { listAuditEntries } from './admin/audit-log.js'
export { createDepartment, departmentContacts, updateDepartment } from './admin/departments.js'
export {
  createJurisdiction,
  createPillar,
  createPlan,
  deletePillar,
  updateJurisdiction,
  updatePillar,
  updatePlan,
} from './admin/plans.js'
export { createUser, getUser, listUsers, resetUserPassword, setUserDisabled, updateUser } from './admin/users.js'
export {
  createIndicator,
  createTarget,
  deleteIndicator,
  deleteTarget,
  setIndicatorDepartments,
  updateIndicator,
  updateTarget,
  type StatusWrite,
  type WriteContext,
} from './admin/indicators.js'
export { deleteRollup, setRollup } from './admin/rollups.js'
export { deriveIndicator, deriveRollups, type PeriodPair } from './rollup/derive.js'
export { valuesInForceChanged } from './rollup/apply.js'
export { getDepartment, listDepartments } from './read/departments.js'
export { getIndicator, listIndicators } from './read/indicators.js'
export { descendantCodes, expandJurisdictions, getJurisdiction, jurisdictionTree } from './read/jurisdictions.js'
export { targetLabel } from './read/labels.js'
export { getPlan, listPlans } from './read/plans.js'
export { indicatorSpec, statusView } from './read/status-view.js'
export { getTask, listTasks, taskView } from './read/tasks.js'
export * from './tasks/index.js'
export { allStatusKeys, currentObservations, recomputeStatuses, type StatusKey } from './status/recompute.js'
export {
  type DrainResult,
  drainStatusMarks,
  markStatuses,
  STATUS_DRAIN_MARKS,
  submissionsAwaitingStatus,
} from './status/marks.js'
export { getSubmission, listSubmissions } from './submissions/read.js'
export { assertEvidenceOwned, assertEvidenceUsable, readEvidence, storeEvidence } from './evidence/evidence.js'
export { assertCanSubmit, importValues, submitUpload, submitValues, type SubmitContext } from './submissions/submit.js'
export { previewUpload } from './submissions/preview.js'
export { observationHistory } from './read/observations.js'
export { indicatorRanking, jurisdictionRankings, ON_TIME_WINDOW } from './read/rankings.js'
export {
  createSource,
  currentDuePeriod,
  deleteSource,
  dueReports,
  listReminders,
  listSources,
  overdueReports,
  pullDueSources,
  reportDueDate,
  reportingRates,
  SOURCE_UNREACHABLE,
  type SourceRules,
  reportingScope,
  runReportingCycle,
  MANUAL_REMINDER_INTERVAL_MS,
  sendReminder,
  submitPulled,
  type ReportingCycleResult,
  type ReportingScope,
  markTaskReported,
  runTaskReportingCycle,
  taskDueReports,
  type TaskCycleResult,
  // The scale bench builds reporting periods with the cycle's own rules (apps/bench/src/scale/load-reporting.ts).
  isLocked,
  leadDepartment,
  reportedState,
  trackedPeriods,
  unreportedState,
} from './reporting/index.js'
export { createClock, type Clock, type HoldableClock } from './clock.js'
export { departmentTemplate, duePeriods } from './submissions/template.js'
export * from './alerts/index.js'
export { createEventHub, type EventHub } from './events/hub.js'
export { changeEventFilter } from './events/visibility.js'
export { freePort, type RedisServer, startRedisServer } from './infra/redis-server.js'
export { RedisTimeoutError, withinMs } from './queue/bounded.js'
export { type OutageLog, type OutageLogger, outageLog } from './queue/outage-log.js'
export { BULLETIN_TITLE, monthlyBulletin, type BulletinFile } from './reports/bulletin.js'
export { changeFollower } from './queue/follow-changes.js'
export { COUNTING_REVIEW_STATES } from './review/counts.js'
export { approveReview, listReviews, returnReview, setReviewSetting } from './review/reviews.js'
export { resumeDemoClock, storeDemoClock, type DemoClockConfig } from './demo-clock.js'
export { startHeartbeat, readWorkerLiveness, type Heartbeat, type WorkerLiveness } from './health/worker-heartbeat.js'
export { queueProbe, type QueueLag, type QueueProbe } from './health/queue-health.js'
export { healthVerdict, type HealthStatus } from './health/report.js'
export { databaseReachable } from './health/database.js'

// Where the server may send requests on a caller's behalf; configured once by the apps (OUTBOUND_ALLOW).
export { parseOutboundAllow, PUBLIC_ONLY, type OutboundPolicy } from '@cockpit/notify'
export {
  deleteBoundaryFile,
  getGeoShape,
  mapChildren,
  putBoundaryFile,
  shippedBoundary,
  type GeoOptions,
} from './geo/boundaries.js'
export * from './plan-import/index.js'
