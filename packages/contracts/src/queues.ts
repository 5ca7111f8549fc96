import { z } from 'zod'
import { TaskDueState, TaskKind, TaskStage } from './domain-enums.js'

/** BullMQ queue names: one place, so producers and workers never disagree. */
export const queueNames = {
  ingest: 'ingest',
  maintenance: 'maintenance',
  alerts: 'alerts',
  notify: 'notify',
  /** The coalesced status recompute: drains the marks ingest leaves (status_marks). */
  status: 'status',
} as const

/**
 * The prefix of every Redis key of a deployment (queues, heartbeats, job figures, the change channel).
 * In braces (`{cockpit}`) it is a Redis Cluster hash tag: all keys land in one slot, as BullMQ's
 * multi-key scripts require there. `cockpit` and `{cockpit}` are different key spaces (see README, Redis Cluster).
 */
export const QueuePrefix = z
  .string()
  .regex(
    /^(?:[a-z0-9_-]+|\{[a-z0-9_-]+\})$/,
    'QUEUE_PREFIX: lowercase letters, digits, - and _, or the same in braces ({cockpit}) for Redis Cluster',
  )

/**
 * Evaluate the alert rules for these (indicator, jurisdiction) pairs and these tasks/milestones; with
 * neither, every subject (the periodic run).
 */
export const AlertsJob = z.object({
  pairs: z.array(z.object({ indicatorId: z.number().int(), jurisdictionCode: z.string() })).optional(),
  taskIds: z.array(z.number().int()).optional(),
})
export type AlertsJob = z.infer<typeof AlertsJob>

/** Gather what one person is owed on one channel into a batch, then deliver that batch. */
export const NotifyJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group'), userId: z.number().int(), channelId: z.number().int() }),
  z.object({ kind: z.literal('deliver'), batchId: z.string() }),
])
export type NotifyJob = z.infer<typeof NotifyJob>

/** A drain of the status marks: no payload, the marks are the work (a job only says "look now"). */
export const StatusJob = z.object({})
export type StatusJob = z.infer<typeof StatusJob>

export const IngestJob = z.object({ submissionId: z.string().uuid() })
export type IngestJob = z.infer<typeof IngestJob>

export const maintenanceJobs = [
  'sweep-received',
  'recompute-status',
  'reporting-cycle',
  'pull-sources',
  'alert-follow-ups',
] as const
export const MaintenanceJob = z.object({ kind: z.enum(maintenanceJobs) })
export type MaintenanceJob = z.infer<typeof MaintenanceJob>

/** Redis pub/sub channel for live changes (screens, portals, alert evaluation). */
export const CHANGES_CHANNEL = 'cockpit:changes'

export const StatusChange = z.object({
  type: z.literal('status'),
  indicatorId: z.number().int(),
  jurisdictionCode: z.string(),
  status: z.enum(['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']),
  previousStatus: z.enum(['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']).nullable(),
  latestValue: z.number().nullable(),
  latestPeriodKey: z.string().nullable(),
  expected: z.number().nullable(),
  gapRatio: z.number().nullable(),
  at: z.string(),
})
export const SubmissionChange = z.object({
  type: z.literal('submission'),
  submissionId: z.string(),
  departmentId: z.number().int().nullable(),
  state: z.enum(['received', 'processing', 'processed', 'failed']),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  at: z.string(),
})
export const AlertChange = z.object({
  type: z.literal('alert'),
  alertId: z.string(),
  state: z.enum(['firing', 'resolved']),
  severity: z.enum(['critical', 'warning', 'info']),
  /** The subject: an indicator, or a task/milestone (exactly one is set). */
  indicatorId: z.number().int().nullable(),
  taskId: z.number().int().nullable().default(null),
  jurisdictionCode: z.string(),
  summary: z.string(),
  at: z.string(),
})
/** A task or milestone changed: a progress report, a completion claim, or a verification decision. */
export const TaskChange = z.object({
  type: z.literal('task'),
  taskId: z.number().int(),
  kind: TaskKind,
  /** The task's plan's jurisdiction. */
  jurisdictionCode: z.string(),
  /** For a milestone, the task it belongs to (its state reflects the milestone's). */
  parentId: z.number().int().nullable(),
  action: z.enum(['progress', 'claim', 'approve', 'return', 'reopen']),
  /** The department that reported or claimed (for a decision: the claim's department). */
  departmentId: z.number().int().nullable(),
  dueState: TaskDueState,
  /** The stage of the report that speaks for the task now (null before any). */
  stage: TaskStage.nullable(),
  completedOn: z.string().nullable(),
  at: z.string(),
})
export type TaskChange = z.infer<typeof TaskChange>
export const ChangeEvent = z.discriminatedUnion('type', [StatusChange, SubmissionChange, AlertChange, TaskChange])
export type ChangeEvent = z.infer<typeof ChangeEvent>
export type StatusChange = z.infer<typeof StatusChange>
