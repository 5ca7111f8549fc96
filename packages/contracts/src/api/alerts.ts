import { z } from 'zod'
import { IsoDate, JurisdictionCode } from './common.js'
import { ReportingSubject, TaskRef } from './subject.js'

export const severities = ['critical', 'warning', 'info'] as const
export const Severity = z.enum(severities)
export type Severity = z.infer<typeof Severity>
export const severityLabels: Record<Severity, string> = { critical: '严重', warning: '警告', info: '提示' }

export const alertRuleKinds = [
  'below-path',
  'forecast-miss',
  'binding-off-track',
  'missing-report',
  'sudden-change',
  'target-reached',
  'milestone-overdue',
  'milestone-at-risk',
  'task-report-missing',
] as const
export const AlertRuleKind = z.enum(alertRuleKinds)
export type AlertRuleKind = z.infer<typeof AlertRuleKind>
export const alertRuleKindLabels: Record<AlertRuleKind, string> = {
  'below-path': '低于序时进度',
  'forecast-miss': '预测期末无法达标',
  'binding-off-track': '约束性指标进度滞后',
  'missing-report': '逾期未报送',
  'sudden-change': '数值异常波动',
  'target-reached': '目标已达成',
  'milestone-overdue': '里程碑逾期未完成',
  'milestone-at-risk': '里程碑临期风险',
  'task-report-missing': '任务进展缺报',
}

/** The kinds that watch tasks and milestones (重点任务督办) rather than indicators. */
export const taskAlertRuleKinds = [
  'milestone-overdue',
  'milestone-at-risk',
  'task-report-missing',
] as const satisfies readonly AlertRuleKind[]
export type TaskAlertRuleKind = (typeof taskAlertRuleKinds)[number]
export const isTaskAlertRuleKind = (kind: AlertRuleKind): kind is TaskAlertRuleKind =>
  (taskAlertRuleKinds as readonly string[]).includes(kind)

const Tolerance = z.object({
  mode: z.enum(['points', 'remaining-percent'], {
    message: '容差方式应为 points(绝对值)或 remaining-percent(剩余差距百分比)',
  }),
  value: z.number().positive('容差应大于0'),
})

/** Kind-specific thresholds; the recovery threshold is separate so values near the line do not flap. */
export const AlertRuleParams = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('below-path'), tolerance: Tolerance, recovery: Tolerance })
    .refine((p) => p.recovery.mode !== p.tolerance.mode || p.recovery.value < p.tolerance.value, {
      message: '恢复阈值应小于触发阈值(形成回差,避免告警抖动)',
      path: ['recovery'],
    }),
  z.strictObject({
    kind: z.literal('forecast-miss'),
    marginPercent: z.number().min(0).max(100),
    minObservations: z.number().int().min(2).max(60),
  }),
  z.strictObject({ kind: z.literal('binding-off-track') }),
  z.strictObject({ kind: z.literal('missing-report'), graceDays: z.number().int().min(0).max(365) }),
  z.strictObject({
    kind: z.literal('sudden-change'),
    threshold: z.object({ mode: z.enum(['points', 'percent']), value: z.number().positive('阈值应大于0') }),
  }),
  z.strictObject({ kind: z.literal('target-reached') }),
  /** A milestone not verified complete (销号) by its date. */
  z.strictObject({ kind: z.literal('milestone-overdue') }),
  /** A milestone due within withinDays whose latest stage is 未启动/滞后, or with no report for the latest period. */
  z.strictObject({
    kind: z.literal('milestone-at-risk'),
    withinDays: z
      .number({ message: '临期天数应为 1–365 的整数' })
      .int('临期天数应为 1–365 的整数')
      .min(1, '临期天数应为 1–365 的整数')
      .max(365, '临期天数应为 1–365 的整数'),
  }),
  /** No progress report from the lead department for the last `periods` periods due. */
  z.strictObject({
    kind: z.literal('task-report-missing'),
    periods: z
      .number({ message: '连续缺报期数应为 1–24 的整数' })
      .int('连续缺报期数应为 1–24 的整数')
      .min(1, '连续缺报期数应为 1–24 的整数')
      .max(24, '连续缺报期数应为 1–24 的整数'),
  }),
])
export type AlertRuleParams = z.infer<typeof AlertRuleParams>

export const AlertRuleInput = z
  .strictObject({
    name: z.string().trim().min(2, '规则名称至少2个字').max(100),
    severity: Severity,
    enabled: z.boolean().default(true),
    params: AlertRuleParams,
    scope: z
      .strictObject({
        indicatorId: z.number().int().positive().optional(),
        pillarId: z.number().int().positive().optional(),
        planId: z.number().int().positive().optional(),
        jurisdictionCode: JurisdictionCode.optional(),
        includeDescendants: z.boolean().default(true),
        bindingOnly: z.boolean().default(false),
      })
      .default({ includeDescendants: true, bindingOnly: false }),
    forSeconds: z
      .number()
      .int()
      .min(0)
      .max(90 * 86_400)
      .default(0),
    forPeriods: z.number().int().min(0).max(24).default(0),
    keepFiringSeconds: z
      .number()
      .int()
      .min(0)
      .max(90 * 86_400)
      .default(0),
    noData: z.enum(['nodata', 'keep', 'ok', 'alerting']).default('keep'),
    groupWaitSeconds: z.number().int().min(0).max(3600).default(30),
    groupIntervalSeconds: z.number().int().min(0).max(86_400).default(300),
    repeatIntervalSeconds: z
      .number()
      .int()
      .min(60, '重复提醒间隔至少60秒')
      .max(30 * 86_400)
      .default(86_400),
    escalateAfterSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .nullable()
      .default(null),
  })
  .superRefine((r, ctx) => {
    // Task rules select tasks by plan, pillar and jurisdiction; an indicator or 约束性 filter cannot apply.
    if (!isTaskAlertRuleKind(r.params.kind)) return
    if (r.scope.indicatorId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'indicatorId'],
        message: '重点任务类规则不能限定指标,请按规划、篇章或行政区划限定',
      })
    if (r.scope.bindingOnly)
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'bindingOnly'],
        message: '重点任务类规则不区分约束性指标,请勿勾选"仅约束性指标"',
      })
  })
export type AlertRuleInput = z.infer<typeof AlertRuleInput>

export const AlertRule = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: AlertRuleKind,
  kindLabel: z.string(),
  severity: Severity,
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  scope: z.object({
    indicatorId: z.number().int().nullable(),
    pillarId: z.number().int().nullable(),
    planId: z.number().int().nullable(),
    jurisdictionCode: z.string().nullable(),
    includeDescendants: z.boolean(),
    bindingOnly: z.boolean(),
  }),
  forSeconds: z.number().int(),
  forPeriods: z.number().int(),
  keepFiringSeconds: z.number().int(),
  noData: z.string(),
  groupWaitSeconds: z.number().int(),
  groupIntervalSeconds: z.number().int(),
  repeatIntervalSeconds: z.number().int(),
  escalateAfterSeconds: z.number().int().nullable(),
})
export type AlertRule = z.infer<typeof AlertRule>

export const Alert = z.object({
  id: z.string(),
  fingerprint: z.string(),
  episode: z.number().int(),
  ruleId: z.number().int(),
  ruleName: z.string(),
  kind: AlertRuleKind,
  severity: Severity,
  state: z.enum(['firing', 'resolved']),
  /** What the alert is about: an indicator (indicatorId) or a task/milestone (taskId, task). */
  subject: ReportingSubject,
  indicatorId: z.number().int().nullable(),
  indicatorName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  task: TaskRef.nullable(),
  /** The indicator's name, or the task as 里程碑「12 …」: what a list shows in the subject column. */
  subjectName: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  summary: z.string(),
  values: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.number().int().nullable(),
  assignedTo: z.number().int().nullable(),
  escalatedAt: z.string().nullable(),
  silenced: z.boolean(),
})
export type Alert = z.infer<typeof Alert>

export const AlertTransition = z.object({
  from: z.string(),
  to: z.string(),
  at: z.string(),
  values: z.record(z.string(), z.unknown()),
})
export const AlertNote = z.object({
  id: z.string(),
  action: z.string(),
  body: z.string().nullable(),
  authorId: z.number().int().nullable(),
  createdAt: z.string(),
})
export const AlertNotification = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  channelId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
})
export const AlertDetail = Alert.extend({
  transitions: z.array(AlertTransition),
  notes: z.array(AlertNote),
  notifications: z.array(AlertNotification),
})
export type AlertDetail = z.infer<typeof AlertDetail>
export const AlertList = z.object({ items: z.array(Alert) })
export const AlertQuery = z.object({
  state: z.enum(['firing', 'resolved']).optional(),
  severity: Severity.optional(),
  jurisdiction: JurisdictionCode.optional(),
  indicator: z.coerce.number().int().positive().optional(),
  /** Alerts about this task or milestone. */
  task: z.coerce
    .number({ message: '任务编号应为正整数' })
    .int('任务编号应为正整数')
    .positive('任务编号应为正整数')
    .optional(),
  subject: ReportingSubject.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export const AlertIdParam = z.object({ id: z.string().regex(/^\d+$/, '告警编号应为数字') })
export const AssignBody = z.strictObject({ userId: z.number().int().positive().nullable() })
export const NoteBody = z.strictObject({ body: z.string().trim().min(1, '备注不能为空').max(2000) })

export const SilenceMatchers = z
  .strictObject({
    ruleId: z.number().int().positive().optional(),
    indicatorId: z.number().int().positive().optional(),
    taskId: z.number().int().positive().optional(),
    jurisdictionCode: JurisdictionCode.optional(),
    severity: Severity.optional(),
    kind: AlertRuleKind.optional(),
  })
  .refine((m) => Object.keys(m).length > 0, { message: '静默至少需要一个匹配条件' })
export const SilenceInput = z.strictObject({
  matchers: SilenceMatchers,
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true, message: '结束时间应为 ISO 8601 时间,如 2025-03-01T18:00:00+08:00' }),
  reason: z.string().trim().min(2, '请填写静默原因').max(500),
})
export const Silence = z.object({
  id: z.number().int(),
  matchers: z.record(z.string(), z.unknown()),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  createdBy: z.number().int().nullable(),
  active: z.boolean(),
})
export const SilenceList = z.object({ items: z.array(Silence) })

export const ChannelInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  config: z.record(z.string(), z.unknown()),
})
export const Channel = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  target: z.string(),
  enabled: z.boolean(),
})
export const ChannelList = z.object({ items: z.array(Channel) })

export const SubscriptionInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  jurisdictionCodes: z.array(JurisdictionCode).max(100).default([]),
  pillarIds: z.array(z.number().int().positive()).max(100).default([]),
  indicatorIds: z.array(z.number().int().positive()).max(500).default([]),
  minSeverity: Severity.default('warning'),
  channelIds: z.array(z.number().int().positive()).max(20).default([]),
  inApp: z.boolean().default(true),
})
export const Subscription = SubscriptionInput.extend({ id: z.number().int(), enabled: z.boolean() })
export const SubscriptionList = z.object({ items: z.array(Subscription) })

export const InboxItem = z.object({
  id: z.string(),
  alertId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})
export const InboxList = z.object({ items: z.array(InboxItem), unread: z.number().int() })
export type InboxItem = z.infer<typeof InboxItem>
export type InboxList = z.infer<typeof InboxList>
export const AlertStatesQuery = z.object({ since: IsoDate.optional() })
