import { z } from 'zod'
import { Cadence, Comparator, Direction, IndicatorNature, Measure } from '../domain-enums.js'
import { IsoDate, JurisdictionCode } from './common.js'
import { finite, text, year } from './field-rules.js'

// 规划导入: an administrator uploads a plan document, reviews the importer's proposals beside the text,
// accepts, edits or rejects each, then commits them into a tracked plan (POST …/commit).

const names = (label: string) =>
  z.array(text(label, 100), { message: `${label}应为名称列表` }).max(30, `${label}不超过30个`)

export const planImportKinds = ['plan', 'pillar', 'target', 'milestone', 'task', 'department'] as const
export const PlanImportKind = z.enum(planImportKinds)
export type PlanImportKind = z.infer<typeof PlanImportKind>

export const ProposalDecision = z.enum(['pending', 'accepted', 'rejected'], {
  message: '决定应为 pending、accepted 或 rejected',
})
export type ProposalDecision = z.infer<typeof ProposalDecision>

/**
 * Against what is already stored for the jurisdiction: new, changed (the plan already has it, with other
 * values), committed (stored and unchanged, or committed by an earlier import: not proposed again),
 * rejected-before (rejected in an earlier committed import of the jurisdiction: not proposed again).
 */
export const ProposalState = z.enum(['new', 'changed', 'committed', 'rejected-before'])
export type ProposalState = z.infer<typeof ProposalState>

/** Where a proposal comes from in the document: a paragraph, or a table cell, and the quote's span in its text. */
export const PlanSourceRef = z.union([
  z.object({
    kind: z.literal('paragraph'),
    paragraph: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
  }),
  z.object({
    kind: z.literal('cell'),
    table: z.number().int(),
    row: z.number().int(),
    cell: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
  }),
])
export type PlanSourceRef = z.infer<typeof PlanSourceRef>

export const PlanTextBlock = z.union([
  z.object({ kind: z.literal('paragraph'), index: z.number().int(), text: z.string() }),
  z.object({ kind: z.literal('table'), index: z.number().int(), rows: z.array(z.array(z.string())) }),
])
export type PlanTextBlock = z.infer<typeof PlanTextBlock>

/** The editable fields of each kind of proposal: what is committed once accepted (edits are checked against these). */
export const PlanProposalFields = {
  plan: z.strictObject({
    title: text('规划标题', 200),
    jurisdictionCode: JurisdictionCode.nullable(),
    docNumber: text('文号', 100).nullable(),
    issuer: text('印发单位', 100).nullable(),
    issuedOn: IsoDate.nullable(),
    startYear: year('起始年份'),
    endYear: year('截止年份'),
    visionYear: year('远景年份').nullable(),
  }),
  pillar: z.strictObject({ name: text('板块名称', 100) }),
  target: z.strictObject({
    indicator: text('指标名称', 200),
    unit: text('单位', 20),
    measure: Measure,
    direction: Direction,
    nature: IndicatorNature,
    cadence: Cadence,
    year: year('目标年份'),
    comparator: Comparator,
    value: finite('目标值'),
    valueMax: finite('目标上限').nullable(),
    baseline: z.strictObject({ year: year('基期年份'), value: finite('基期值') }).nullable(),
    lead: names('牵头单位'),
    cooperating: names('配合单位'),
    pillar: text('所属板块', 100).nullable(),
  }),
  milestone: z.strictObject({
    title: text('节点名称', 500),
    dueDate: IsoDate,
    pillar: text('所属板块', 100).nullable(),
  }),
  task: z.strictObject({
    number: text('任务编号', 40).nullable(),
    title: text('任务名称', 500),
    dueDate: IsoDate.nullable(),
    lead: names('牵头单位'),
    cooperating: names('配合单位'),
    pillar: text('所属板块', 100).nullable(),
  }),
  department: z.strictObject({ name: text('部门名称', 100) }),
} as const
export type PlanProposalFields = { [K in PlanImportKind]: z.infer<(typeof PlanProposalFields)[K]> }

export const PlanProposal = z.object({
  /** Stable within the draft (kind and identity, hashed). */
  id: z.string(),
  kind: PlanImportKind,
  state: ProposalState,
  decision: ProposalDecision,
  /** As read from the document. */
  data: z.record(z.string(), z.unknown()),
  /** The reviewer's changes to data (only the fields changed), or null. */
  edits: z.record(z.string(), z.unknown()).nullable(),
  /** data with edits applied: what a commit writes. */
  value: z.record(z.string(), z.unknown()),
  quote: z.string(),
  source: PlanSourceRef,
  /** Why the last commit refused this proposal (Chinese), or null. */
  error: z.string().nullable(),
})
export type PlanProposal = z.infer<typeof PlanProposal>

export const PlanImportDraft = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.enum(['txt', 'docx', 'pdf']),
  status: z.enum(['draft', 'committed']),
  jurisdiction: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** The stored plan this import updates (matched at upload), or the plan it committed into. */
  plan: z.object({ id: z.number().int(), key: z.string(), title: z.string() }).nullable(),
  convertedFromTraditional: z.boolean(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  /** Proposals to review (state new or changed) and those already stored (committed, rejected-before). */
  counts: z.object({
    proposed: z.number().int(),
    unchanged: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
  }),
  blocks: z.array(PlanTextBlock),
  proposals: z.array(PlanProposal),
})
export type PlanImportDraft = z.infer<typeof PlanImportDraft>

const ProposalIdText = z
  .string({ message: '提议编号应为文字' })
  .regex(/^[a-z]+-[0-9a-f]{6,16}(-\d+)?$/, '提议编号格式不正确')

/** One proposal's decision and/or edits; edits replace the reviewer's earlier edits (null clears them). */
export const PlanProposalPatch = z
  .strictObject({
    decision: ProposalDecision.optional(),
    edits: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .refine((b) => b.decision !== undefined || b.edits !== undefined, '请求体至少包含 decision 或 edits')
export type PlanProposalPatch = z.infer<typeof PlanProposalPatch>

export const MAX_PROPOSAL_PATCH_ITEMS = 2000
/** Many proposals at once (全部接受 of a group sends each id). */
export const PlanProposalBulkPatch = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: ProposalIdText,
        decision: ProposalDecision.optional(),
        edits: z.record(z.string(), z.unknown()).nullable().optional(),
      }),
    )
    .min(1, '至少包含一条提议')
    .max(MAX_PROPOSAL_PATCH_ITEMS, `一次最多修改${MAX_PROPOSAL_PATCH_ITEMS}条提议`),
})
export type PlanProposalBulkPatch = z.infer<typeof PlanProposalBulkPatch>

export const PlanImportIdParam = z.object({
  id: z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数'),
})
export const PlanProposalParam = PlanImportIdParam.extend({ proposalId: ProposalIdText })

export const PlanImportCommitResult = z.object({
  planId: z.number().int(),
  planKey: z.string(),
  created: z.boolean(),
  counts: z.object({
    indicators: z.number().int(),
    targets: z.number().int(),
    milestones: z.number().int(),
    tasks: z.number().int(),
    departments: z.number().int(),
    pillars: z.number().int(),
  }),
  draft: PlanImportDraft,
})
export type PlanImportCommitResult = z.infer<typeof PlanImportCommitResult>
