import { z } from 'zod'
import { IsoDate, JurisdictionCode } from './common.js'
import { ReportingSubject, TaskRef } from './subject.js'
import { IndicatorRef } from './submissions.js'

/**
 * Reporting discipline covers two subjects in one machinery: indicator values, and progress reports on
 * tasks and milestones (重点任务督办). Every row says which (`subject`); the indicator fields are null on
 * a task's row and the task fields on an indicator's; `subjectName` is what a list shows either way.
 */
const SubjectFields = {
  subject: ReportingSubject,
  indicatorId: z.number().int().nullable(),
  indicatorCode: z.string().nullable(),
  indicatorName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  task: TaskRef.nullable(),
  subjectName: z.string(),
}

/**
 * Where one period's report stands (derived from the calendar and the first report, never typed in):
 * open → due-soon (≤ 7 days before the due date) → overdue (after it) → missing (the next period's
 * due date passed too); reported-on-time / reported-late once a value arrives.
 */
export const reportingStates = ['open', 'due-soon', 'overdue', 'missing', 'reported-on-time', 'reported-late'] as const
export const ReportingState = z.enum(reportingStates)
export type ReportingState = z.infer<typeof ReportingState>
export const reportingStateLabels: Record<ReportingState, string> = {
  open: '未到报送期',
  'due-soon': '即将到期',
  overdue: '已逾期',
  missing: '缺报',
  'reported-on-time': '按时报送',
  'reported-late': '逾期报送',
}

/** manual: 一键催报 by a manager or admin; the others filed once by the reporting cycle. */
export const reminderKinds = ['due-soon', 'overdue', 'manual'] as const
export const ReminderKind = z.enum(reminderKinds)
export type ReminderKind = z.infer<typeof ReminderKind>

const DepartmentIdQuery = z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数')
// A real calendar date: the domain's date math throws on '2025-02-30', which must be a 400, not a 500.
const IsoDateQuery = IsoDate.refine((s) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}, '应为有效日期 YYYY-MM-DD')

export const ReportingRatesQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  department: DepartmentIdQuery.optional(),
  /** Only indicators or only tasks; both when absent. */
  subject: ReportingSubject.optional(),
  /** Only periods ending on or after this date. */
  periodFrom: IsoDateQuery.optional(),
  /** Only periods ending on or before this date. */
  periodTo: IsoDateQuery.optional(),
  asOf: IsoDateQuery.optional(),
})
export type ReportingRatesQuery = z.infer<typeof ReportingRatesQuery>

/** Counts of periods whose due date has passed by asOf, and the rates they make. */
export const RateCounts = z.object({
  /** Periods whose due date is before asOf. */
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** Due but not reported by asOf. */
  missing: z.number().int(),
  /** onTime / due; null when nothing was due. */
  rate: z.number().nullable(),
  /** (onTime + late) / due; null when nothing was due. */
  reportedRate: z.number().nullable(),
})
export type RateCounts = z.infer<typeof RateCounts>

/**
 * DHIS2-style reporting rates of one department: periods whose due date has passed by asOf. The top-level
 * counts are indicators and tasks together (or the one subject asked for); bySubject has them apart.
 */
export const DepartmentReportingRate = RateCounts.extend({
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  jurisdictionCode: z.string().nullable(),
  bySubject: z.object({ indicator: RateCounts, task: RateCounts }),
})
export type DepartmentReportingRate = z.infer<typeof DepartmentReportingRate>
export const ReportingRates = z.object({
  asOf: z.string(),
  items: z.array(DepartmentReportingRate),
  /** Every department in the answer summed: together, and apart by subject. */
  totals: z.object({ all: RateCounts, indicator: RateCounts, task: RateCounts }),
})
export type ReportingRates = z.infer<typeof ReportingRates>

export const OverdueQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  department: DepartmentIdQuery.optional(),
  subject: ReportingSubject.optional(),
  asOf: IsoDateQuery.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type OverdueQuery = z.infer<typeof OverdueQuery>

export const OverdueReport = z.object({
  ...SubjectFields,
  jurisdictionCode: z.string(),
  periodKey: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  daysOverdue: z.number().int(),
  /** overdue until the next period's due date passes, then missing. */
  state: z.enum(['overdue', 'missing']),
  stateLabel: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
})
export type OverdueReport = z.infer<typeof OverdueReport>
export const OverdueReports = z.object({ asOf: z.string(), items: z.array(OverdueReport), total: z.number().int() })
export type OverdueReports = z.infer<typeof OverdueReports>

export const ReminderQuery = z.object({
  department: DepartmentIdQuery.optional(),
  jurisdiction: JurisdictionCode.optional(),
  subject: ReportingSubject.optional(),
  kind: ReminderKind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type ReminderQuery = z.infer<typeof ReminderQuery>

export const Reminder = z.object({
  id: z.string(),
  kind: ReminderKind,
  message: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  ...SubjectFields,
  jurisdictionCode: z.string(),
  periodKey: z.string(),
  dueDate: z.string(),
  createdAt: z.string(),
})
export type Reminder = z.infer<typeof Reminder>
export const ReminderList = z.object({ items: z.array(Reminder) })
export type ReminderList = z.infer<typeof ReminderList>

/**
 * 一键催报: one overdue report, named as the overdue list names it — an indicator's period in a
 * jurisdiction (indicatorId + jurisdictionCode), or a task's progress report (taskId).
 */
export const SendReminderBody = z
  .strictObject({
    indicatorId: z.number().int().positive().optional(),
    taskId: z.number({ message: '任务编号应为正整数' }).int().positive('任务编号应为正整数').optional(),
    jurisdictionCode: JurisdictionCode.optional(),
    periodKey: z.string().min(4).max(16),
  })
  .superRefine((b, ctx) => {
    if ((b.indicatorId === undefined) === (b.taskId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['indicatorId'],
        message: '请指明催报的指标(indicatorId 与 jurisdictionCode)或重点任务(taskId),二者选一',
      })
    else if (b.indicatorId !== undefined && b.jurisdictionCode === undefined)
      ctx.addIssue({ code: 'custom', path: ['jurisdictionCode'], message: '催报指标时须指明行政区划代码' })
  })
export type SendReminderBody = z.infer<typeof SendReminderBody>
export const SentReminder = Reminder.extend({
  /** How many of the department's active users got it in their inbox. */
  recipients: z.number().int(),
})
export type SentReminder = z.infer<typeof SentReminder>

export const indicatorSourceKinds = ['http-json', 'csv-file'] as const
export const IndicatorSourceKind = z.enum(indicatorSourceKinds)

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}
// A path inside the server's source-file directory: no parent segments, no NUL, no home shorthand.
const isConfinedPath = (s: string) => !s.includes('\0') && !s.startsWith('~') && !s.split(/[\\/]/).includes('..')

/** Why a source's location does not fit its kind, or null when it does (checked by the API and the service). */
export function sourceLocationProblem(kind: z.infer<typeof IndicatorSourceKind>, location: string): string | null {
  if (kind === 'http-json' && !isHttpUrl(location)) return 'http-json 数据源的地址应为 http:// 或 https:// 开头的网址'
  if (kind === 'csv-file' && !isConfinedPath(location))
    return 'csv-file 数据源的地址应为数据源文件目录中的文件路径(如 rates/cloud.csv),不能含 ..'
  return null
}

export const CreateSourceBody = z
  .strictObject({
    indicator: IndicatorRef,
    /** Defaults to the indicator's own jurisdiction. */
    jurisdiction: JurisdictionCode.optional(),
    kind: IndicatorSourceKind,
    /** http-json: an http(s) URL to a public address (or one the server's OUTBOUND_ALLOW lists); csv-file: a path inside the server's SOURCE_FILES_DIR. */
    location: z.string().trim().min(1, '请填写数据源地址').max(2000),
    /** JSON: dot path such as "data.rate"; CSV: the column header. */
    fieldPath: z.string().trim().min(1, '请填写取值字段').max(200),
    /** Where the period is (same notation); omitted = the indicator's current due period. */
    periodField: z.string().trim().min(1).max(200).optional(),
    everyMinutes: z.number().int().min(1, '拉取间隔至少1分钟').max(10080, '拉取间隔不超过7天').default(60),
    enabled: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    const problem = sourceLocationProblem(b.kind, b.location)
    if (problem) ctx.addIssue({ code: 'custom', path: ['location'], message: problem })
  })
export type CreateSourceBody = z.infer<typeof CreateSourceBody>

export const IndicatorSource = z.object({
  id: z.number().int(),
  indicatorId: z.number().int(),
  jurisdictionCode: z.string(),
  kind: IndicatorSourceKind,
  location: z.string(),
  fieldPath: z.string(),
  periodField: z.string().nullable(),
  everyMinutes: z.number().int(),
  enabled: z.boolean(),
  lastPulledAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
})
export type IndicatorSource = z.infer<typeof IndicatorSource>
export const IndicatorSourceList = z.object({ items: z.array(IndicatorSource) })
export type IndicatorSourceList = z.infer<typeof IndicatorSourceList>

export const DueReportsQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  department: DepartmentIdQuery.optional(),
  subject: ReportingSubject.optional(),
  asOf: IsoDateQuery.optional(),
})
export type DueReportsQuery = z.infer<typeof DueReportsQuery>

/**
 * One indicator, task or milestone as its lead department sees it: the period it owes now (the latest
 * that has ended), when that report is due and where it stands, and its record so far (periods due
 * before asOf). A task verified complete owes nothing more and is left out.
 */
export const DueReport = z.object({
  ...SubjectFields,
  jurisdictionCode: z.string(),
  departmentId: z.number().int().nullable(),
  periodKey: z.string(),
  periodLabel: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  state: ReportingState,
  stateLabel: z.string(),
  firstReportedAt: z.string().nullable(),
  record: z.object({
    due: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    missing: z.number().int(),
  }),
})
export type DueReport = z.infer<typeof DueReport>
export const DueReports = z.object({ asOf: z.string(), items: z.array(DueReport) })
export type DueReports = z.infer<typeof DueReports>
