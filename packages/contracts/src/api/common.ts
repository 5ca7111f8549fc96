import { z } from 'zod'

export { ApiError, ErrorCode, FieldIssue } from './errors.js'

export const Citation = z.object({
  document: z.string(),
  docNumber: z.string().nullable(),
  sourceFile: z.string(),
  section: z.string(),
  quote: z.string(),
})
export type Citation = z.infer<typeof Citation>

export const DepartmentRef = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  role: z.enum(['lead', 'cooperating']),
})
export type DepartmentRef = z.infer<typeof DepartmentRef>

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
export const JurisdictionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字(GB/T 2260)')

/** Query flags arrive as strings; accept the spellings people type. */
export const QueryBoolean = z
  .enum(['true', 'false', '1', '0'], { message: '应为 true 或 false' })
  .transform((v) => v === 'true' || v === '1')

/** A plan's or pillar's key (the seeds' slug) in a query, named in the message by what it keys. */
export const slugFilter = (what: string) => z.string().regex(/^[a-z0-9-]+$/, `${what}标识应为小写字母、数字或连字符`)

/**
 * The filter the catalog lists (indicators, tasks) share: a jurisdiction, with `descendants` also every one
 * below it, a plan by key and a department by id.
 */
export const CatalogFilter = z.object({
  jurisdiction: JurisdictionCode.optional(),
  descendants: QueryBoolean.optional(),
  plan: slugFilter('规划').optional(),
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
})

export const IdParam = z.object({
  id: z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数'),
})
