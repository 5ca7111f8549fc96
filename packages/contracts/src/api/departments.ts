import { z } from 'zod'
import { JurisdictionCode } from './common.js'

export const Department = z.object({
  id: z.number().int(),
  key: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  name: z.string(),
  fullName: z.string().nullable(),
  leadIndicatorCount: z.number().int(),
  leadTaskCount: z.number().int(),
  cooperatingTaskCount: z.number().int(),
})
export type Department = z.infer<typeof Department>
export const DepartmentList = z.object({ items: z.array(Department) })
export const DepartmentQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  q: z.string().trim().min(1, '搜索词不能为空').max(50, '搜索词不超过50个字符').optional(),
})
