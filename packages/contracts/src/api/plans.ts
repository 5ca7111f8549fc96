import { z } from 'zod'
import { Cadence } from '../domain-enums.js'
import { JurisdictionCode } from './common.js'

export const Pillar = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  indicatorCount: z.number().int(),
  taskCount: z.number().int(),
})

export const Plan = z.object({
  id: z.number().int(),
  key: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string(),
  issuedOn: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  visionYear: z.number().int().nullable(),
  /** How often its tasks and milestones are reported, unless a task sets its own. */
  taskReportCadence: Cadence,
  sourceFile: z.string(),
  citation: z.object({ section: z.string(), quote: z.string() }),
  indicatorCount: z.number().int(),
  taskCount: z.number().int(),
  milestoneCount: z.number().int(),
})
export type Plan = z.infer<typeof Plan>
export const PlanDetail = Plan.extend({ pillars: z.array(Pillar) })
export type PlanDetail = z.infer<typeof PlanDetail>
export const PlanList = z.object({ items: z.array(Plan) })
export const PlanQuery = z.object({ jurisdiction: JurisdictionCode.optional() })
export const PlanKeyParam = z.object({ key: z.string().regex(/^[a-z0-9-]+$/, '规划标识应为小写字母、数字或连字符') })
