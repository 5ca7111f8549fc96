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

export const IdParam = z.object({
  id: z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数'),
})
