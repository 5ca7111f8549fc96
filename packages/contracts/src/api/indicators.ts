import { z } from 'zod'
import { EvidenceRef } from './evidence.js'
import {
  Cadence,
  Comparator,
  Direction,
  IndicatorNature,
  IndicatorStatus,
  Measure,
  RollupOwnValue,
  RollupRule,
} from '../domain-enums.js'
import { Citation, DepartmentRef, IsoDate, JurisdictionCode, QueryBoolean } from './common.js'
import { ObservationReviewState } from './reviews.js'

export const Target = z.object({
  id: z.number().int(),
  year: z.number().int(),
  dueDate: z.string(),
  comparator: Comparator,
  value: z.number(),
  valueMax: z.number().nullable(),
  /** Human wording of the target, e.g. "≥80%" or "1–2个". */
  label: z.string(),
  citation: z.object({ section: z.string(), quote: z.string() }).nullable(),
})
export type Target = z.infer<typeof Target>

export const IndicatorStatusView = z.object({
  status: IndicatorStatus,
  label: z.string(),
  asOf: z.string(),
  latestValue: z.number().nullable(),
  latestPeriodEnd: z.string().nullable(),
  expected: z.number().nullable(),
  gap: z.number().nullable(),
  gapRatio: z.number().nullable(),
  timeProgress: z.number().nullable(),
  completion: z.number().nullable(),
  forecast: z.number().nullable(),
  forecastMeets: z.boolean().nullable(),
  reason: z.string(),
  /**
   * For a rolled-up indicator (汇总): how many direct children entered the newest derived value and
   * whether that is enough (min_coverage). Absent where no roll-up applies.
   */
  coverage: z
    .object({ reported: z.number().int(), expected: z.number().int(), complete: z.boolean(), periodKey: z.string() })
    .nullable()
    .optional(),
})
export type IndicatorStatusView = z.infer<typeof IndicatorStatusView>

/** How an indicator's value at its own jurisdiction is derived from its direct children's (汇总规则); null when it is reported. */
export const RollupSettings = z.object({
  rule: RollupRule,
  ruleLabel: z.string(),
  weightIndicator: z.object({ id: z.number().int(), name: z.string(), unit: z.string() }).nullable(),
  /** Share (0–1) of direct children that must have reported for a derived value to count. */
  minCoverage: z.number(),
  ownValue: RollupOwnValue,
  updatedAt: z.string(),
})
export type RollupSettings = z.infer<typeof RollupSettings>

export const Indicator = z.object({
  id: z.number().int(),
  key: z.string(),
  planKey: z.string(),
  planTitle: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  pillar: z.object({ id: z.number().int(), key: z.string(), name: z.string() }).nullable(),
  name: z.string(),
  unit: z.string(),
  measure: Measure,
  direction: Direction,
  nature: IndicatorNature,
  cadence: Cadence,
  baseline: z.object({ year: z.number().int(), value: z.number() }).nullable(),
  targets: z.array(Target),
  departments: z.array(DepartmentRef),
  citation: Citation,
  note: z.string().nullable(),
  /** Reported values count only after a manager approves them. */
  requiresReview: z.boolean(),
  /** The roll-up rule (derived flag for screens); null for an indicator reported directly. */
  rollup: RollupSettings.nullable(),
  status: IndicatorStatusView,
})
export type Indicator = z.infer<typeof Indicator>

export const IndicatorDetail = Indicator.extend({
  baselineCitation: z.object({ section: z.string(), quote: z.string() }).nullable(),
  milestones: z.array(z.object({ id: z.number().int(), title: z.string(), dueDate: z.string().nullable() })),
})
export type IndicatorDetail = z.infer<typeof IndicatorDetail>

/** The most indicators one page carries (and the page size when `limit` is absent): bounds the API's memory. */
export const INDICATOR_PAGE_MAX = 5000

export const IndicatorList = z.object({
  items: z.array(Indicator),
  /** How many indicators match the query in all (every page). */
  total: z.number().int(),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})
export const IndicatorQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  /** With jurisdiction: also the indicators of every jurisdiction below it. */
  descendants: QueryBoolean.optional(),
  plan: z
    .string()
    .regex(/^[a-z0-9-]+$/, '规划标识应为小写字母、数字或连字符')
    .optional(),
  pillar: z
    .string()
    .regex(/^[a-z0-9-]+$/, '板块标识应为小写字母、数字或连字符')
    .optional(),
  nature: IndicatorNature.optional(),
  binding: QueryBoolean.optional(),
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
  status: IndicatorStatus.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  /** Evaluate status as of this date (default: today in Asia/Shanghai). */
  asOf: IsoDate.optional(),
  /** Page size (keyset paging), at most INDICATOR_PAGE_MAX, which is also the default. */
  limit: z.coerce
    .number({ message: '每页条数应为整数' })
    .int('每页条数应为整数')
    .min(1, '每页条数至少为 1')
    .max(INDICATOR_PAGE_MAX, `每页条数至多为 ${INDICATOR_PAGE_MAX}`)
    .optional(),
  /** The previous page's `nextCursor`: the page after it. */
  after: z
    .string()
    .max(400, '翻页游标过长')
    .regex(/^[A-Za-z0-9_-]+$/, '翻页游标无效')
    .optional(),
})
export type IndicatorQuery = z.infer<typeof IndicatorQuery>
export const IndicatorDetailQuery = z.object({ asOf: IsoDate.optional() })

export const ObservationRevision = z.object({
  id: z.string(),
  value: z.number(),
  reportedAt: z.string(),
  source: z.enum(['api', 'upload', 'form', 'pull', 'rollup', 'import']),
  departmentId: z.number().int().nullable(),
  submissionId: z.string().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  reviewState: ObservationReviewState,
  reviewStateLabel: z.string(),
  reviewComment: z.string().nullable(),
  /** The evidence (佐证材料) the reporter attached, if any. */
  evidence: EvidenceRef.nullable(),
  /** A derived value (source 'rollup'): the child revisions it was computed from and their coverage. */
  provenance: z
    .object({
      reported: z.number().int(),
      expected: z.number().int(),
      /** Enough children reported (min_coverage); an incomplete value is listed but never counts. */
      complete: z.boolean(),
      children: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          observationId: z.string(),
          revision: z.number(),
          value: z.number(),
          weight: z.number().optional(),
        }),
      ),
    })
    .nullable()
    .optional(),
})
export const ObservationPeriod = z.object({
  periodKey: z.string(),
  periodEnd: z.string(),
  /** The newest counting revision's value (no review needed, or approved); null while none counts. */
  value: z.number().nullable(),
  revisions: z.array(ObservationRevision),
})
export type ObservationPeriod = z.infer<typeof ObservationPeriod>
export const ObservationHistory = z.object({
  indicatorId: z.number().int(),
  jurisdictionCode: z.string(),
  periods: z.array(ObservationPeriod),
})
export const ObservationQuery = z.object({ jurisdiction: JurisdictionCode.optional() })
