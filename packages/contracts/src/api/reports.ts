import { z } from 'zod'
import { JurisdictionCode } from './common.js'

/** A calendar month "2024-03"; "2024-13" is refused with the reason, not turned into a 500. */
export const MonthQuery = z
  .string({ message: '月份必填,格式为 YYYY-MM,如 2024-03' })
  .regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM,如 2024-03')
  .refine((s) => {
    const m = Number(s.slice(5, 7))
    return m >= 1 && m <= 12
  }, '月份应在 01 到 12 之间,如 2024-03')

export const BulletinQuery = z.object({
  month: MonthQuery,
  jurisdiction: JurisdictionCode,
})
export type BulletinQuery = z.infer<typeof BulletinQuery>
